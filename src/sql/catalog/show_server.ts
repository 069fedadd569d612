/** SHOW statements about the server rather than tables: variables, status, warnings, ... */
import type { RowsResult } from "../../types/results.ts";
import { MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { showVariableValue } from "../system_variables.ts";
import { CHARSETS, COLLATIONS } from "./collations.ts";
import type { CatalogContext } from "./context.ts";
import { applyFilter } from "./filter.ts";
import { datetimeColumn, intColumn, rowsResult, textColumn } from "./result.ts";
import { ENGINES, grantee, PLUGINS, PRIVILEGES } from "./server_info.ts";
import type { ShowFilter, SimpleShow } from "./show_parser.ts";

/** SHOW [GLOBAL|SESSION] VARIABLES / STATUS [LIKE | WHERE]. */
export function showNameValues(
  values: ReadonlyMap<string, SqlValue>,
  filter: ShowFilter,
  variables: boolean,
): RowsResult {
  const columns = [textColumn("Variable_name"), textColumn("Value", 1024)];
  const rows: SqlValue[][] = [...values.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, variables ? showVariableValue(k, v) : showVariableValue("", v)]);
  return rowsResult(columns, applyFilter(columns, rows, filter, 0, true));
}

/** SHOW WARNINGS / ERRORS [LIMIT] and SHOW COUNT(*) WARNINGS / ERRORS. */
export function showWarnings(
  ctx: CatalogContext,
  errorsOnly: boolean,
  count: boolean,
  limit: [number, number] | null,
): RowsResult {
  const all = ctx.warnings().filter((w) => !errorsOnly || w.level === "Error");
  if (count) {
    return rowsResult(
      [intColumn(errorsOnly ? "@@session.error_count" : "@@session.warning_count")],
      [[all.length]],
    );
  }
  const slice = limit ? all.slice(limit[0], limit[0] + limit[1]) : all;
  return rowsResult(
    [textColumn("Level", 7), intColumn("Code", "int", true), textColumn("Message", 512)],
    slice.map((w) => [w.level, w.code, w.message]),
  );
}

/** SHOW [FULL] PROCESSLIST. */
export function showProcessList(ctx: CatalogContext, full: boolean): RowsResult {
  const columns = [
    intColumn("Id", "bigint", true),
    textColumn("User", 32),
    textColumn("Host", 261),
    textColumn("db"),
    textColumn("Command", 16),
    intColumn("Time", "int"),
    textColumn("State", 64),
    textColumn("Info", full ? 65535 : 100),
  ];
  const rows = ctx.processList().map((p) => [
    p.id,
    p.user,
    p.host,
    p.db,
    p.command,
    p.time,
    p.state,
    p.info !== null && !full ? p.info.slice(0, 100) : p.info,
  ]);
  return rowsResult(columns, rows);
}

/** SHOW GRANTS [FOR user]: every account holds all privileges. */
export function showGrants(ctx: CatalogContext, user: string | null): RowsResult {
  const who = user ?? ctx.user ?? "root@%";
  const [name, host] = who.split("@");
  return rowsResult(
    [textColumn(`Grants for ${name}@${host ?? "%"}`, 1024)],
    [[`GRANT ALL PRIVILEGES ON *.* TO \`${name}\`@\`${host ?? "%"}\` WITH GRANT OPTION`]],
  );
}

const DEFINER_COLUMNS = () => [
  textColumn("character_set_client", 32),
  textColumn("collation_connection", 32),
  textColumn("Database Collation", 32),
];

/** The SHOW statements that list fixed facts or nothing. */
export function showSimple(what: SimpleShow, filter: ShowFilter): RowsResult {
  switch (what) {
    case "engines": {
      const columns = ["Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"].map((
        n,
      ) => textColumn(n, 80));
      return rowsResult(columns, ENGINES.map((e) => [...e]));
    }
    case "collation": {
      const columns = [
        textColumn("Collation"),
        textColumn("Charset"),
        intColumn("Id", "bigint", true),
        textColumn("Default", 3),
        textColumn("Compiled", 3),
        intColumn("Sortlen", "int", true),
        textColumn("Pad_attribute", 9),
      ];
      const rows = COLLATIONS.map((
        c,
      ) => [c.name, c.charset, c.id, c.isDefault ? "Yes" : "", "Yes", c.sortlen, c.padAttribute]);
      return rowsResult(columns, applyFilter(columns, rows, filter));
    }
    case "charset": {
      const columns = [
        textColumn("Charset"),
        textColumn("Description", 2048),
        textColumn("Default collation"),
        intColumn("Maxlen", "int", true),
      ];
      const rows = CHARSETS.map((c) => [c.name, c.description, c.defaultCollation, c.maxlen]);
      return rowsResult(columns, applyFilter(columns, rows, filter));
    }
    case "plugins": {
      const columns = ["Name", "Status", "Type", "Library", "License"].map((n) =>
        textColumn(n, 80)
      );
      return rowsResult(columns, PLUGINS.map((p) => [...p]));
    }
    case "privileges": {
      const columns = [
        textColumn("Privilege"),
        textColumn("Context", 80),
        textColumn("Comment", 256),
      ];
      return rowsResult(columns, PRIVILEGES.map((p) => [...p]));
    }
    case "triggers":
      return rowsResult(
        [
          textColumn("Trigger"),
          textColumn("Event", 6),
          textColumn("Table"),
          textColumn("Statement", 65535),
          textColumn("Timing", 6),
          datetimeColumn("Created"),
          textColumn("sql_mode", 520),
          textColumn("Definer", 288),
          ...DEFINER_COLUMNS(),
        ],
        [],
      );
    case "procedure_status":
    case "function_status":
      return rowsResult(
        [
          textColumn("Db"),
          textColumn("Name"),
          textColumn("Type", 9),
          textColumn("Definer", 288),
          datetimeColumn("Modified"),
          datetimeColumn("Created"),
          textColumn("Security_type", 7),
          textColumn("Comment", 1024),
          ...DEFINER_COLUMNS(),
        ],
        [],
      );
    case "events":
      return rowsResult(
        [
          "Db",
          "Name",
          "Definer",
          "Time zone",
          "Type",
          "Execute at",
          "Interval value",
          "Interval field",
          "Starts",
          "Ends",
          "Status",
          "Originator",
        ].map((n) => textColumn(n)).concat(DEFINER_COLUMNS()),
        [],
      );
    case "master_status":
      return rowsResult(
        [
          textColumn("File"),
          intColumn("Position", "bigint", true),
          textColumn("Binlog_Do_DB"),
          textColumn("Binlog_Ignore_DB"),
          textColumn("Executed_Gtid_Set", 1024),
        ],
        [],
      );
    case "replica_status":
      return rowsResult(
        ["Replica_IO_State", "Source_Host", "Source_User", "Source_Port"].map((n) => textColumn(n)),
        [],
      );
    case "open_tables":
      return rowsResult([
        textColumn("Database"),
        textColumn("Table"),
        intColumn("In_use"),
        intColumn("Name_locked"),
      ], []);
    case "profiles":
      return rowsResult([
        intColumn("Query_ID"),
        textColumn("Duration", 20),
        textColumn("Query", 1024),
      ], []);
    case "innodb_status":
      return rowsResult(
        [textColumn("Type", 10), textColumn("Name", 10), textColumn("Status", 65535)],
        [["InnoDB", "", "Storage is SQLite (Marmot); InnoDB monitor output is not available"]],
      );
  }
}

/** SHOW BINARY LOGS / MASTER LOGS: binary logging does not exist here. */
export function showBinaryLogs(): never {
  throw new MysqlError(1381, "You are not using binary logging", "HY000");
}

/** EXPLAIN <statement>: SQLite's plan is not MySQL's; one row says so in MySQL's shape. */
export function explainStatement(): RowsResult {
  const columns = [
    intColumn("id"),
    textColumn("select_type", 20),
    textColumn("table"),
    textColumn("partitions"),
    textColumn("type", 10),
    textColumn("possible_keys", 4096),
    textColumn("key"),
    textColumn("key_len", 4096),
    textColumn("ref", 1024),
    intColumn("rows", "bigint", true),
    textColumn("filtered", 10),
    textColumn("Extra", 255),
  ];
  return rowsResult(columns, [[
    1,
    "SIMPLE",
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    "Plan not available (SQLite storage)",
  ]]);
}

/** user@host grantee text, re-exported for callers that print grants. */
export { grantee };
