/** A session's user variables (@x) and system variables (@@x) over the global defaults. */
import type { SqlValue } from "../types/values.ts";

const MAX_USER_VARIABLES = 10_000;

/** User and session system variables of one connection. */
export class SessionVariables {
  #globals: Map<string, SqlValue>;
  #session = new Map<string, SqlValue>();
  #user = new Map<string, SqlValue>();

  constructor(globals: Map<string, SqlValue>) {
    this.#globals = globals;
  }

  /** @name, NULL when never set. */
  user(name: string): SqlValue {
    return this.#user.get(name.toLowerCase()) ?? null;
  }

  setUser(name: string, value: SqlValue): void {
    const key = name.toLowerCase();
    if (!this.#user.has(key) && this.#user.size >= MAX_USER_VARIABLES) {
      throw new RangeError(`Too many user variables (limit ${MAX_USER_VARIABLES})`);
    }
    this.#user.set(key, value);
  }

  /** @@name or @@session.name (session value, else global); undefined when unknown. */
  system(name: string, scope: "session" | "global" = "session"): SqlValue | undefined {
    const key = name.toLowerCase();
    if (scope === "session" && this.#session.has(key)) return this.#session.get(key);
    return this.#globals.get(key);
  }

  setSystem(name: string, value: SqlValue, scope: "session" | "global" = "session"): void {
    const key = name.toLowerCase();
    if (scope === "global") this.#globals.set(key, value);
    else this.#session.set(key, value);
  }

  /** All system variables as this session sees them. */
  systemView(scope: "session" | "global"): Map<string, SqlValue> {
    const view = new Map(this.#globals);
    if (scope === "session") { for (const [k, v] of this.#session) view.set(k, v); }
    return view;
  }

  /** COM_RESET_CONNECTION / CHANGE_USER: forget user variables and session settings. */
  reset(): void {
    this.#session.clear();
    this.#user.clear();
  }
}
