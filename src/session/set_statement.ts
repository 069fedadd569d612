/** SET of user variables, system variables, NAMES and TRANSACTION characteristics. */
import type { Assignment, SqliteStatement } from "../sql/statement.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import type { SessionVariables } from "./variables.ts";

export interface SetContext {
  session: { variables: SessionVariables };
  /** Evaluates a one-row, one-column SELECT. */
  evaluate(stmt: SqliteStatement): SqlValue;
  /** Switching autocommit on commits the open transaction (replicating it). */
  setAutocommit(on: boolean): Promise<void>;
}

const DEFAULT_COLLATIONS: Record<string, string> = {
  utf8mb4: "utf8mb4_general_ci",
  utf8mb3: "utf8mb3_general_ci",
  utf8: "utf8mb3_general_ci",
  latin1: "latin1_swedish_ci",
  binary: "binary",
  ascii: "ascii_general_ci",
};

/** Applies every assignment of one SET statement, left to right as MySQL does. */
export async function runSet(assignments: Assignment[], ctx: SetContext): Promise<void> {
  const vars = ctx.session.variables;
  for (const a of assignments) {
    switch (a.target) {
      case "user":
        vars.setUser(a.name, ctx.evaluate(a.value));
        break;
      case "system": {
        const name = a.name.toLowerCase();
        const value = a.toDefault === true
          ? vars.system(name, "global") ?? null
          : ctx.evaluate(a.value);
        await setSystem(name, value, a.scope, ctx);
        break;
      }
      case "names": {
        const charset = a.charset.toLowerCase();
        const collation = a.collation ?? DEFAULT_COLLATIONS[charset] ?? `${charset}_general_ci`;
        for (
          const name of [
            "character_set_client",
            "character_set_connection",
            "character_set_results",
          ]
        ) {
          vars.setSystem(name, charset);
        }
        vars.setSystem("collation_connection", collation);
        break;
      }
      case "transaction":
        if (a.isolation !== null) {
          const level = a.isolation.toUpperCase().replace(/\s+/g, "-");
          vars.setSystem("transaction_isolation", level);
          vars.setSystem("tx_isolation", level);
        }
        if (a.readOnly !== null) vars.setSystem("transaction_read_only", a.readOnly ? 1 : 0);
        break;
    }
  }
}

async function setSystem(
  name: string,
  value: SqlValue,
  scope: "session" | "global",
  ctx: SetContext,
): Promise<void> {
  const vars = ctx.session.variables;
  if (name === "autocommit") {
    const on = toBoolean(name, value);
    vars.setSystem(name, on ? 1 : 0, scope);
    if (scope === "session") await ctx.setAutocommit(on);
    return;
  }
  if (name === "sql_mode") {
    const mode = value === null ? "" : String(value).toUpperCase().replace(/\s+/g, "");
    vars.setSystem(name, mode, scope);
    return;
  }
  if (name === "transaction_isolation" || name === "tx_isolation") {
    const level = String(value ?? "").toUpperCase().replace(/[\s_]+/g, "-");
    vars.setSystem("transaction_isolation", level, scope);
    vars.setSystem("tx_isolation", level, scope);
    return;
  }
  vars.setSystem(
    name,
    typeof value === "bigint" && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value,
    scope,
  );
}

function toBoolean(name: string, value: SqlValue): boolean {
  const text = String(value).toUpperCase();
  if (text === "1" || text === "ON" || text === "TRUE") return true;
  if (text === "0" || text === "OFF" || text === "FALSE") return false;
  throw new MysqlError(
    ER.WRONG_VALUE_FOR_VAR,
    `Variable '${name}' can't be set to the value of '${String(value)}'`,
  );
}
