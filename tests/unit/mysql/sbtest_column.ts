/** The column definition of sysbench's `c` (CHAR(120), utf8mb4) that the protocol benches
 * send: one fixture for both. */
import { ColumnType } from "../../../src/types/column.ts";

export const SBTEST_C_COLUMN = {
  schema: "sbtest",
  table: "sbtest1",
  orgTable: "sbtest1",
  name: "c",
  orgName: "c",
  charset: 45,
  length: 480,
  type: ColumnType.STRING,
  flags: 1,
  decimals: 0,
};
