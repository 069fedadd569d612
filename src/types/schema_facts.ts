/** Schema facts of a database that statement translation may depend on. */
export interface SchemaFacts {
  /** Bumped by every DDL: translations that used these facts are cached per version. */
  readonly version: number;
  /** The AUTO_INCREMENT column of a table, or null. */
  autoIncrementColumn(table: string): string | null;
}
