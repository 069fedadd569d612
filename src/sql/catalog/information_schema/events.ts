/** INFORMATION_SCHEMA.EVENTS: the event scheduler is not emulated, so empty. */
import { col, emptyTable, NAME } from "./table.ts";

export const EVENTS = emptyTable("EVENTS", [
  col("EVENT_CATALOG", NAME),
  col("EVENT_SCHEMA", NAME),
  col("EVENT_NAME", NAME, false),
  col("DEFINER", "varchar(288)", false),
  col("TIME_ZONE", NAME, false),
  col("EVENT_BODY", "varchar(3)", false),
  col("EVENT_DEFINITION", "longtext", false),
  col("EVENT_TYPE", "varchar(9)", false),
  col("EXECUTE_AT", "datetime"),
  col("INTERVAL_VALUE", "varchar(256)"),
  col("INTERVAL_FIELD", "varchar(18)"),
  col("SQL_MODE", "varchar(520)", false),
  col("STARTS", "datetime"),
  col("ENDS", "datetime"),
  col("STATUS", "varchar(21)", false),
  col("ON_COMPLETION", "varchar(12)", false),
  col("CREATED", "timestamp", false),
  col("LAST_ALTERED", "timestamp", false),
  col("LAST_EXECUTED", "datetime"),
  col("EVENT_COMMENT", "varchar(2048)", false),
  col("ORIGINATOR", "int unsigned", false),
  col("CHARACTER_SET_CLIENT", NAME, false),
  col("COLLATION_CONNECTION", NAME, false),
  col("DATABASE_COLLATION", NAME, false),
]);
