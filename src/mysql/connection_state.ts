/**
 * The per-connection state the command handlers share: negotiated capabilities, the open
 * session, multi-statement mode and the prepared statements (ids per connection, from 1,
 * bounded like MySQL's max_prepared_stmt_count).
 */
import { ER, MysqlError } from "../types/errors.ts";
import type { AuthCache } from "./auth/auth_cache.ts";
import type { RsaKeyPair } from "./auth/rsa_key_pair.ts";
import type { Executor, PreparedStatement, Session } from "./executor.ts";
import type { Logger } from "./logger.ts";
import type { PacketChannel } from "./packet_channel.ts";
import { LongDataStore } from "./packets/stmt_send_long_data.ts";

/** Server-wide things a connection uses. */
export interface ConnectionServices {
  executor: Executor;
  logger: Logger;
  maxAllowedPacket: number;
  authCache: AuthCache;
  rsaKey(): Promise<RsaKeyPair>;
}

/** Mutable state of one authenticated connection. */
export interface ConnectionState {
  readonly connectionId: number;
  readonly channel: PacketChannel;
  readonly services: ConnectionServices;
  /** Client flags AND server flags. */
  capabilities: number;
  session: Session;
  user: string;
  /** Peer host for messages and sessions ("localhost" on the Unix socket). */
  readonly host: string;
  /** True on the Unix socket: clear-text passwords may be accepted. */
  readonly secureTransport: boolean;
  multiStatements: boolean;
  readonly statements: StatementRegistry;
}

/** One prepared statement as the protocol tracks it. */
export interface StatementEntry {
  readonly id: number;
  readonly statement: PreparedStatement;
  /** Parameter types bound by the last execute (reused when the client omits them). */
  types: Uint16Array | null;
  readonly longData: LongDataStore;
}

/** MySQL's default max_prepared_stmt_count, applied per connection here. */
export const MAX_STATEMENTS = 16382;

/** Prepared statements of one connection. */
export class StatementRegistry {
  readonly #entries = new Map<number, StatementEntry>();
  #nextId = 1;
  readonly #longDataLimit: number;

  constructor(longDataLimit: number) {
    this.#longDataLimit = longDataLimit;
  }

  /** Registers a statement; throws MysqlError 1461 past the limit. */
  add(statement: PreparedStatement): StatementEntry {
    if (this.#entries.size >= MAX_STATEMENTS) {
      throw new MysqlError(
        1461,
        `Can't create more than max_prepared_stmt_count statements (current value: ${MAX_STATEMENTS})`,
        "42000",
      );
    }
    const id = this.#nextId;
    this.#nextId = this.#nextId >= 0xffffffff ? 1 : this.#nextId + 1;
    const entry: StatementEntry = {
      id,
      statement,
      types: null,
      longData: new LongDataStore(this.#longDataLimit),
    };
    this.#entries.set(id, entry);
    return entry;
  }

  get(id: number): StatementEntry | undefined {
    return this.#entries.get(id);
  }

  /** The entry or MysqlError 1243 naming the command, as MySQL words it. */
  require(id: number, command: string): StatementEntry {
    const entry = this.#entries.get(id);
    if (!entry) {
      throw new MysqlError(
        ER.UNKNOWN_STMT_HANDLER,
        `Unknown prepared statement handler (${id}) given to ${command}`,
      );
    }
    return entry;
  }

  delete(id: number): StatementEntry | undefined {
    const entry = this.#entries.get(id);
    this.#entries.delete(id);
    return entry;
  }

  /** Forgets all statements (the session drops its own on reset / close). */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
