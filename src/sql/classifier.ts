/**
 * Classifies a statement by its leading keywords, before any parsing: which translator path
 * handles it (DML through the cache, SET, transaction control, DDL handed to the DDL module,
 * SHOW handed to the catalog, accepted no-ops, or not supported).
 */
import { Tok, type Token } from "./tokenizer.ts";

export type StatementClass =
  | "dml"
  | "set"
  | "use"
  | "show"
  | "explain"
  | "begin"
  | "commit"
  | "rollback"
  | "savepoint"
  | "release_savepoint"
  | "ddl"
  | "create_database"
  | "drop_database"
  | "noop"
  | "do"
  | "table_maintenance"
  | "kill"
  | "load_data"
  | "sql_prepare"
  | "sql_execute"
  | "sql_deallocate"
  | "unsupported"
  | "syntax";

export interface Classification {
  kind: StatementClass;
  /** For "unsupported": what to name in the 1235 message. */
  feature?: string;
  /** For "syntax" (error 1064): index of the token the error points at. */
  at?: number;
}

const DML = new Set(["SELECT", "WITH", "TABLE", "INSERT", "REPLACE", "UPDATE", "DELETE"]);
const NOOP = new Set(["FLUSH", "GRANT", "REVOKE", "UNLOCK", "RESET"]);
const UNSUPPORTED = new Set([
  "XA",
  "HANDLER",
  "CALL",
  "HELP",
  "INSTALL",
  "UNINSTALL",
  "SHUTDOWN",
  "RESTART",
  "CLONE",
  "SIGNAL",
  "RESIGNAL",
  "GET",
  "IMPORT",
  "CACHE",
  "BINLOG",
  "PURGE",
  "CHANGE",
  "STOP",
  "VALUES",
]);
/** Statements complete as one word; any other statement of one word is a syntax error. */
const ONE_WORD = new Set(["BEGIN", "COMMIT", "ROLLBACK", "SHUTDOWN", "RESTART"]);
/** Objects MySQL's grammar knows after CREATE / DROP / ALTER (valid, so 1235 when not ours). */
const CREATE_OBJECTS = new Set([
  "AGGREGATE",
  "REFERENCE",
  "EVENT",
  "FUNCTION",
  "LOGFILE",
  "PROCEDURE",
  "RESOURCE",
  "SERVER",
  "SPATIAL",
  "TABLESPACE",
  "TRIGGER",
  "UNDO",
]);
const DROP_OBJECTS = new Set([
  "EVENT",
  "FUNCTION",
  "LOGFILE",
  "PROCEDURE",
  "RESOURCE",
  "SERVER",
  "SPATIAL",
  "TABLESPACE",
  "TRIGGER",
  "UNDO",
  "PREPARE",
]);
const ALTER_OBJECTS = new Set([
  "ALGORITHM",
  "DEFINER",
  "SQL",
  "EVENT",
  "FUNCTION",
  "LOGFILE",
  "PROCEDURE",
  "RESOURCE",
  "SERVER",
  "TABLESPACE",
  "UNDO",
]);
const EXPLAINABLE = new Set([
  "SELECT",
  "WITH",
  "TABLE",
  "INSERT",
  "REPLACE",
  "UPDATE",
  "DELETE",
  "FORMAT",
  "ANALYZE",
  "EXTENDED",
  "PARTITIONS",
]);

/** Classifies by the first keywords; `kw(i)` is the upper-case word at token i or "". */
export function classify(tokens: Token[]): Classification {
  const kw = (i: number): string => {
    const t = tokens[i];
    return t !== undefined && t.type === Tok.Word ? (t.upper ??= t.text.toUpperCase()) : "";
  };
  const first = tokens[0];
  if (first !== undefined && first.type === Tok.Op && first.text === "(") return { kind: "dml" };
  const k0 = kw(0);
  if (DML.has(k0)) return { kind: "dml" };
  const ends = (i: number): boolean => {
    const t = tokens[i];
    return t === undefined || t.type === Tok.End || (t.type === Tok.Op && t.text === ";");
  };
  if (ends(1) && !ONE_WORD.has(k0)) return { kind: "syntax", at: 1 };
  switch (k0) {
    case "SET": {
      const k1 = kw(1);
      if (k1 === "PASSWORD" || k1 === "ROLE" || (k1 === "DEFAULT" && kw(2) === "ROLE")) {
        return { kind: "noop" };
      }
      if (k1 === "RESOURCE") return { kind: "noop" };
      return { kind: "set" };
    }
    case "USE":
      return { kind: "use" };
    case "SHOW":
      return { kind: "show" };
    case "DESCRIBE":
    case "DESC":
    case "EXPLAIN": {
      const next = tokens[1];
      if (next !== undefined && next.type === Tok.Op && next.text === "(") {
        return { kind: "explain" };
      }
      return EXPLAINABLE.has(kw(1)) ? { kind: "explain" } : { kind: "show" };
    }
    case "BEGIN":
      return { kind: "begin" };
    case "START":
      if (kw(1) === "TRANSACTION") return { kind: "begin" };
      if (kw(1) === "SLAVE" || kw(1) === "REPLICA" || kw(1) === "GROUP_REPLICATION") {
        return { kind: "unsupported", feature: `START ${kw(1)}` };
      }
      return { kind: "syntax", at: 1 };
    case "COMMIT":
      return { kind: "commit" };
    case "ROLLBACK":
      return { kind: "rollback" };
    case "SAVEPOINT":
      return { kind: "savepoint" };
    case "RELEASE":
      return { kind: "release_savepoint" };
    case "CREATE":
      return classifyCreate(kw);
    case "ALTER": {
      const at = kw(1) === "ONLINE" || kw(1) === "IGNORE" ? 2 : 1;
      const k1 = kw(at);
      // mysqldump's /*!40000 ALTER TABLE t DISABLE KEYS */ is a MyISAM hint.
      if (
        k1 === "TABLE" && tokens.length === 6 && (kw(3) === "DISABLE" || kw(3) === "ENABLE") &&
        kw(4) === "KEYS"
      ) {
        return { kind: "noop" };
      }
      if (k1 === "TABLE" || k1 === "VIEW") return { kind: "ddl" };
      if (k1 === "DATABASE" || k1 === "SCHEMA" || k1 === "USER" || k1 === "INSTANCE") {
        return { kind: "noop" };
      }
      if (ALTER_OBJECTS.has(k1)) return { kind: "unsupported", feature: `ALTER ${k1}` };
      return { kind: "syntax", at };
    }
    case "DROP": {
      const at = kw(1) === "TEMPORARY" ? 2 : 1;
      const k1 = kw(at);
      if (k1 === "TABLE" || k1 === "INDEX" || k1 === "VIEW") return { kind: "ddl" };
      if (k1 === "DATABASE" || k1 === "SCHEMA") return { kind: "drop_database" };
      if (k1 === "USER" || k1 === "ROLE") return { kind: "noop" };
      if (k1 === "PREPARE") return { kind: "sql_deallocate" };
      if (DROP_OBJECTS.has(k1)) return { kind: "unsupported", feature: `DROP ${k1}` };
      return { kind: "syntax", at };
    }
    case "RENAME":
      if (kw(1) === "TABLE") return { kind: "ddl" };
      if (kw(1) === "USER") return { kind: "noop" };
      return { kind: "syntax", at: 1 };
    case "TRUNCATE":
      return { kind: "ddl" };
    case "LOCK":
      return { kind: "noop" };
    case "ANALYZE":
    case "OPTIMIZE":
    case "CHECK":
    case "REPAIR":
    case "CHECKSUM":
      return { kind: "table_maintenance" };
    case "DO":
      return { kind: "do" };
    case "KILL":
      return { kind: "kill" };
    case "LOAD":
      return { kind: "load_data" };
    case "PREPARE":
      return { kind: "sql_prepare" };
    case "EXECUTE":
      return { kind: "sql_execute" };
    case "DEALLOCATE":
      return { kind: "sql_deallocate" };
  }
  if (NOOP.has(k0)) return { kind: "noop" };
  if (UNSUPPORTED.has(k0)) {
    return { kind: "unsupported", feature: k0 === "XA" ? "XA transactions" : k0 };
  }
  return { kind: "unsupported" };
}

function classifyCreate(kw: (i: number) => string): Classification {
  let i = 1;
  // CREATE [OR REPLACE] [ALGORITHM = x] [DEFINER = user] [SQL SECURITY x] [TEMPORARY] ...
  while (true) {
    const k = kw(i);
    if (k === "OR" && kw(i + 1) === "REPLACE") i += 2;
    else if (k === "TEMPORARY" || k === "UNIQUE" || k === "FULLTEXT" || k === "SPATIAL") i++;
    else break;
  }
  const what = kw(i);
  if (what === "TABLE" || what === "INDEX" || what === "VIEW") return { kind: "ddl" };
  if (what === "ALGORITHM" || what === "DEFINER" || what === "SQL") return { kind: "ddl" };
  if (what === "DATABASE" || what === "SCHEMA") return { kind: "create_database" };
  if (what === "USER" || what === "ROLE") return { kind: "noop" };
  if (CREATE_OBJECTS.has(what)) return { kind: "unsupported", feature: `CREATE ${what}` };
  return { kind: "syntax", at: i };
}
