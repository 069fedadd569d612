/** Schema facts of a database that statement translation may depend on. */
export interface SchemaFacts {
  /** Bumped by every DDL: translations that used these facts are cached per version. */
  readonly version: number;
  /** The AUTO_INCREMENT column of a table, or null. */
  autoIncrementColumn(table: string): string | null;
  /** The integer width (8, 16, 24, 32 or 64 bits) of the table's AUTO_INCREMENT column.
   * Optional (64 when absent). */
  autoIncrementBits?(table: string): number;
  /** The columns of a table in order, or null when unknown (lets an INSERT without a column
   * list find its AUTO_INCREMENT value by position). Optional. */
  columns?(table: string): readonly string[] | null;
  /** For a NOT NULL column with a default: the default's SQL text, which a NULL written to
   * the column becomes (null otherwise). Optional. */
  notNullDefault?(table: string, column: string): string | null;
  /** A NOT NULL column. Optional. */
  isNotNull?(table: string, column: string): boolean;
  /** A text column of a case-insensitive collation (stored `COLLATE NOCASE`). Optional. */
  isCaseInsensitiveText?(table: string, column: string): boolean;
  /** A JSON column (JSON_ARRAY and friends embed its value as JSON, not as a string).
   * Optional. */
  isJsonColumn?(table: string, column: string): boolean;
  /** A column's SQLite declared type (our DDL writes the MySQL type there), or null for an
   * unknown column. Optional. */
  declaredType?(table: string, column: string): string | null;
}
