/**
 * The MySQL definition of a table or view as the catalog keeps it (JSON in the hidden
 * `__marmot_mysql_schema` table). SHOW / DESCRIBE / INFORMATION_SCHEMA are rendered from it
 * and the SQLite schema is generated from it.
 */

/** A MySQL column type after normalisation (aliases resolved, charset and collation set). */
export interface MysqlType {
  /** Lower-case base name: `bigint`, `varchar`, `enum`, `datetime`, `json`, ... */
  base: string;
  /** Integer display width, char/binary length, decimal/float precision, bit width. */
  length: number | null;
  /** Decimal/float scale. */
  scale: number | null;
  /** Fractional-second precision of datetime/time/timestamp. */
  fsp: number | null;
  unsigned: boolean;
  zerofill: boolean;
  /** ENUM / SET members in declaration order. */
  values: string[] | null;
  /** Character set and collation for text types, null otherwise. */
  charset: string | null;
  collation: string | null;
}

/** A MysqlType of `base` with no length, scale, fsp, members or charset, unless `extra` sets them. */
export function mysqlType(base: string, extra: Partial<MysqlType> = {}): MysqlType {
  return {
    base,
    length: null,
    scale: null,
    fsp: null,
    unsigned: false,
    zerofill: false,
    values: null,
    charset: null,
    collation: null,
    ...extra,
  };
}

/** A column default. */
export type DefaultDef =
  /** A literal, kept as MySQL displays it (unquoted text of strings and numbers). */
  | { kind: "literal"; value: string }
  | { kind: "null" }
  /** CURRENT_TIMESTAMP / NOW() with its fractional-second precision. */
  | { kind: "now"; fsp: number }
  /** `DEFAULT (expr)`: MySQL text for display, SQLite text for the schema. */
  | { kind: "expr"; mysql: string; sqlite: string }
  /** b'0101' literal (BIT columns). */
  | { kind: "bit"; value: string };

/** A column definition. */
export interface ColumnDef {
  name: string;
  type: MysqlType;
  nullable: boolean;
  /** Null when the column has no DEFAULT clause. */
  default: DefaultDef | null;
  autoIncrement: boolean;
  /** ON UPDATE CURRENT_TIMESTAMP(fsp), or null. */
  onUpdateNow: number | null;
  comment: string;
  /** CHARACTER SET / COLLATE were written on the column (SHOW CREATE TABLE prints them). */
  explicitCollation: boolean;
  generated: { mysql: string; sqlite: string; stored: boolean } | null;
  invisible: boolean;
}

/**
 * A nullable column of `type` with no default, AUTO_INCREMENT, ON UPDATE, comment, collation
 * clause or generation, visible, unless `extra` sets them.
 */
export function plainColumn(
  name: string,
  type: MysqlType,
  extra: Partial<ColumnDef> = {},
): ColumnDef {
  return {
    name,
    type,
    nullable: true,
    default: null,
    autoIncrement: false,
    onUpdateNow: null,
    comment: "",
    explicitCollation: false,
    generated: null,
    invisible: false,
    ...extra,
  };
}

/** One key part. */
export interface IndexColumn {
  name: string;
  /** Prefix length (`meta_key(191)`), null for the whole column. */
  length: number | null;
  desc: boolean;
}

/** An index or key. */
export interface IndexDef {
  /** MySQL name; `PRIMARY` for the primary key. */
  name: string;
  kind: "primary" | "unique" | "index" | "fulltext" | "spatial";
  columns: IndexColumn[];
  comment: string;
  /** USING BTREE/HASH as written, or null. */
  using: string | null;
  visible: boolean;
  /** Name of the SQLite index that implements it; null when SQLite needs none (rowid PK,
   * FULLTEXT) or when it is the table's PRIMARY KEY constraint. */
  sqliteName: string | null;
}

/** A FOREIGN KEY constraint. */
export interface ForeignKeyDef {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string | null;
  onUpdate: string | null;
}

/** A CHECK constraint. */
export interface CheckDef {
  name: string;
  mysql: string;
  sqlite: string;
  enforced: boolean;
}

/** Table options. */
export interface TableOptions {
  engine: string;
  charset: string;
  collation: string;
  comment: string;
  rowFormat: string | null;
  /** Other options kept verbatim for SHOW CREATE TABLE (`KEY_BLOCK_SIZE=8`, ...). */
  extra: string[];
}

/** A base table. */
export interface TableDef {
  kind: "table";
  name: string;
  columns: ColumnDef[];
  indexes: IndexDef[];
  foreignKeys: ForeignKeyDef[];
  checks: CheckDef[];
  options: TableOptions;
  /** 'YYYY-MM-DD HH:MM:SS' of creation. */
  createTime: string;
  /** True when no catalog row existed and the definition was derived from SQLite. */
  synthesized?: boolean;
}

/** A view. */
export interface ViewDef {
  kind: "view";
  name: string;
  /** Column names given in `CREATE VIEW v (a, b)`, or null. */
  columns: string[] | null;
  /** Column names given to the SQLite view (the user's list, else MySQL's result names). */
  sqliteColumns?: string[] | null;
  /** The SELECT as the client wrote it. */
  mysql: string;
  algorithm: string;
  definer: string;
  security: string;
  checkOption: string | null;
  createTime: string;
}

export type SchemaObject = TableDef | ViewDef;
