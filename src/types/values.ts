/** A value as SQLite stores it and as our code passes it around. */
export type SqlValue = null | number | bigint | string | Uint8Array;
