/** The server side of the protocol: accounts, and a session per client connection. */
import type { Account, Executor, SessionOptions } from "../mysql/executor.ts";
import { DEFAULT_DATABASE } from "../storage/database_registry.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { ClientSession } from "./session.ts";
import type { ProcessInfo } from "../sql/catalog/mod.ts";
import type { SessionDeps } from "./session_deps.ts";
import { ReadPool, SlowReads } from "./read_pool.ts";
import { UserLockTable } from "./user_locks.ts";

export interface SessionManagerOptions {
  accounts: Account[];
  serverVersion: string;
}

/** Opens sessions and knows every open one (SHOW PROCESSLIST, draining). */
export class SessionManager implements Executor {
  readonly serverVersion: string;
  #accounts: Map<string, Account>;
  #deps: SessionDeps;
  #sessions = new Set<ClientSession>();
  #counters = { questions: 0, startedAt: Date.now() };

  constructor(
    deps: Omit<
      SessionDeps,
      | "processList"
      | "status"
      | "serverVersion"
      | "counters"
      | "kill"
      | "userLocks"
      | "readPool"
      | "slowReads"
    >,
    options: SessionManagerOptions,
  ) {
    this.serverVersion = options.serverVersion;
    this.#accounts = new Map(options.accounts.map((a) => [a.user, a]));
    this.#deps = {
      ...deps,
      serverVersion: options.serverVersion,
      counters: this.#counters,
      processList: () => this.processList(),
      status: () => this.status(),
      kill: (id, queryOnly, from) => this.kill(id, queryOnly, from),
      userLocks: new UserLockTable(),
      readPool: new ReadPool(),
      slowReads: new SlowReads(),
    };
  }

  findAccount(user: string): Account | undefined {
    return this.#accounts.get(user);
  }

  openSession(options: SessionOptions): ClientSession {
    const session: ClientSession = new ClientSession(this.#deps, {
      ...options,
      // As the reference does: a client that names no database starts in `marmot`.
      database: options.database ?? DEFAULT_DATABASE,
      onClose: () => this.#sessions.delete(session),
    });
    this.#sessions.add(session);
    return session;
  }

  /** Number of open sessions. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Closes every session (rolling back open transactions) and the read workers. */
  async closeAll(): Promise<void> {
    for (const s of [...this.#sessions]) await s.close();
    this.#deps.readPool.close();
  }

  processList(): ProcessInfo[] {
    const now = Date.now();
    return [...this.#sessions].map((s) => ({
      id: s.connectionId,
      user: s.user,
      host: s.host,
      db: s.database,
      command: s.currentSql === null ? "Sleep" : "Query",
      time: Math.floor((now - s.startedAt) / 1000),
      state: s.currentSql === null ? "" : "executing",
      info: s.currentSql,
    }));
  }

  kill(id: number, queryOnly: boolean, from: { connectionId: number }): void {
    const target = [...this.#sessions].find((s) => s.connectionId === id);
    if (target === undefined) throw new MysqlError(ER.NO_SUCH_THREAD, `Unknown thread id: ${id}`);
    target.interrupt();
    if (queryOnly) return;
    if (target.connectionId !== from.connectionId) return target.disconnect();
    // Its own connection: the error is answered first, then the connection closes.
    setTimeout(() => target.disconnect(), 0);
    throw new MysqlError(ER.QUERY_INTERRUPTED, "Query execution was interrupted");
  }

  status(): Map<string, SqlValue> {
    return new Map<string, SqlValue>([
      ["Threads_connected", this.#sessions.size],
      ["Threads_running", [...this.#sessions].filter((s) => s.currentSql !== null).length],
      ["Uptime", Math.floor((Date.now() - this.#counters.startedAt) / 1000)],
      ["Questions", this.#counters.questions],
    ]);
  }
}
