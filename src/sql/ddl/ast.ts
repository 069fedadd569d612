/** The parsed form of the DDL statements we run, before validation against the catalog. */
import type { ParsedType } from "./parse_type.ts";
import type { QualifiedName } from "./token_stream.ts";
import type { CheckDef, DefaultDef, ForeignKeyDef, IndexColumn, IndexDef } from "./model.ts";

/** A column definition as written. */
export interface ColumnSpec {
  name: string;
  parsed: ParsedType;
  /** null when neither NULL nor NOT NULL was written. */
  nullable: boolean | null;
  default: DefaultDef | null;
  autoIncrement: boolean;
  onUpdateNow: number | null;
  comment: string;
  /** COLLATE / CHARACTER SET written among the column attributes. */
  charset: string | null;
  collation: string | null;
  inlinePrimary: boolean;
  inlineUnique: boolean;
  checks: Omit<CheckDef, "sqlite">[];
  generated: { mysql: string; stored: boolean } | null;
  invisible: boolean;
}

/** An index as written (`name` null when MySQL must invent one). */
export interface IndexSpec {
  name: string | null;
  /** CONSTRAINT symbol, used as the name of unnamed UNIQUE keys. */
  constraintName: string | null;
  kind: IndexDef["kind"];
  columns: IndexColumn[];
  comment: string;
  using: string | null;
  visible: boolean;
}

/** A FOREIGN KEY as written. */
export interface ForeignKeySpec extends Omit<ForeignKeyDef, "name"> {
  name: string | null;
  /** The index name after FOREIGN KEY, if any. */
  indexName: string | null;
}

/** A CHECK as written. */
export interface CheckSpec {
  name: string | null;
  mysql: string;
  enforced: boolean;
}

/** Table options as written; undefined fields were not given. */
export interface OptionSpec {
  engine?: string;
  charset?: string;
  collation?: string;
  comment?: string;
  rowFormat?: string;
  autoIncrement?: number;
  extra: string[];
}

/** `CREATE TABLE` body parts. */
export interface TableBody {
  columns: ColumnSpec[];
  indexes: IndexSpec[];
  foreignKeys: ForeignKeySpec[];
  checks: CheckSpec[];
}

export type ColumnPosition = { first: true } | { after: string } | null;

/** One ALTER TABLE clause. */
export type AlterSpec =
  | { op: "add_column"; column: ColumnSpec; position: ColumnPosition }
  | { op: "add_index"; index: IndexSpec }
  | { op: "add_fk"; fk: ForeignKeySpec }
  | { op: "add_check"; check: CheckSpec }
  | { op: "set_default"; column: string; default: DefaultDef | null }
  | { op: "change_column"; from: string; column: ColumnSpec; position: ColumnPosition }
  | { op: "drop_column"; name: string }
  | { op: "drop_primary" }
  | { op: "drop_index"; name: string }
  | { op: "drop_fk"; name: string }
  | { op: "drop_check"; name: string }
  | { op: "rename_column"; from: string; to: string }
  | { op: "rename_index"; from: string; to: string }
  | { op: "rename_table"; to: QualifiedName }
  | { op: "options"; options: OptionSpec }
  | { op: "convert"; charset: string; collation: string | null }
  | { op: "noop" };

/** A parsed DDL statement. */
export type DdlStatement =
  | {
    kind: "create_table";
    name: QualifiedName;
    ifNotExists: boolean;
    temporary: boolean;
    like: QualifiedName | null;
    body: TableBody | null;
    options: OptionSpec;
    /** `CREATE TABLE … [AS] SELECT …`: the SELECT as written. */
    select: string | null;
  }
  | { kind: "alter_table"; name: QualifiedName; specs: AlterSpec[] }
  | { kind: "drop_table"; names: QualifiedName[]; ifExists: boolean; temporary: boolean }
  | { kind: "create_index"; table: QualifiedName; index: IndexSpec & { name: string } }
  | { kind: "drop_index"; table: QualifiedName; name: string }
  | {
    kind: "create_view";
    orReplace: boolean;
    name: QualifiedName;
    columns: string[] | null;
    select: string;
    algorithm: string;
    definer: string;
    security: string;
    checkOption: string | null;
  }
  | { kind: "drop_view"; names: QualifiedName[]; ifExists: boolean }
  | { kind: "rename_table"; pairs: Array<[QualifiedName, QualifiedName]> }
  | { kind: "truncate"; name: QualifiedName };
