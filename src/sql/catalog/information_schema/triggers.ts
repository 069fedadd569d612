/** INFORMATION_SCHEMA.TRIGGERS: user triggers are not supported (ours stay hidden), so empty. */
import { col, emptyTable, NAME } from "./table.ts";

export const TRIGGERS = emptyTable("TRIGGERS", [
  col("TRIGGER_CATALOG", NAME),
  col("TRIGGER_SCHEMA", NAME),
  col("TRIGGER_NAME", NAME, false),
  col("EVENT_MANIPULATION", "enum('INSERT','UPDATE','DELETE')", false),
  col("EVENT_OBJECT_CATALOG", NAME),
  col("EVENT_OBJECT_SCHEMA", NAME),
  col("EVENT_OBJECT_TABLE", NAME),
  col("ACTION_ORDER", "int unsigned", false),
  col("ACTION_CONDITION", "binary(0)"),
  col("ACTION_STATEMENT", "longtext", false),
  col("ACTION_ORIENTATION", "varchar(3)", false),
  col("ACTION_TIMING", "enum('BEFORE','AFTER')", false),
  col("ACTION_REFERENCE_OLD_TABLE", "binary(0)"),
  col("ACTION_REFERENCE_NEW_TABLE", "binary(0)"),
  col("ACTION_REFERENCE_OLD_ROW", "varchar(3)", false),
  col("ACTION_REFERENCE_NEW_ROW", "varchar(3)", false),
  col("CREATED", "timestamp(2)", false),
  col("SQL_MODE", "varchar(520)", false),
  col("DEFINER", "varchar(288)", false),
  col("CHARACTER_SET_CLIENT", NAME, false),
  col("COLLATION_CONNECTION", NAME, false),
  col("DATABASE_COLLATION", NAME, false),
]);
