/** Every emulated INFORMATION_SCHEMA table, by lower-case name. */
import { CHARACTER_SETS } from "./character_sets.ts";
import { CHECK_CONSTRAINTS } from "./check_constraints.ts";
import { COLLATION_CHARACTER_SET_APPLICABILITY } from "./collation_character_set_applicability.ts";
import { COLLATIONS } from "./collations.ts";
import { COLUMN_PRIVILEGES } from "./column_privileges.ts";
import { COLUMNS } from "./columns.ts";
import { ENGINES } from "./engines.ts";
import { EVENTS } from "./events.ts";
import { KEY_COLUMN_USAGE } from "./key_column_usage.ts";
import { KEYWORDS } from "./keywords.ts";
import {
  GLOBAL_STATUS,
  GLOBAL_VARIABLES,
  SESSION_STATUS,
  SESSION_VARIABLES,
} from "./name_values.ts";
import { PARAMETERS } from "./parameters.ts";
import { PARTITIONS } from "./partitions.ts";
import { PLUGINS } from "./plugins.ts";
import { PROCESSLIST } from "./processlist.ts";
import { REFERENTIAL_CONSTRAINTS } from "./referential_constraints.ts";
import { ROUTINES } from "./routines.ts";
import { SCHEMA_PRIVILEGES } from "./schema_privileges.ts";
import { SCHEMATA } from "./schemata.ts";
import { STATISTICS } from "./statistics.ts";
import type { InformationSchemaTable } from "./table.ts";
import { TABLE_CONSTRAINTS } from "./table_constraints.ts";
import { TABLE_PRIVILEGES } from "./table_privileges.ts";
import { setSystemViewNames, TABLES } from "./tables.ts";
import { TRIGGERS } from "./triggers.ts";
import { USER_PRIVILEGES } from "./user_privileges.ts";
import { VIEWS } from "./views.ts";

const ALL: InformationSchemaTable[] = [
  CHARACTER_SETS,
  CHECK_CONSTRAINTS,
  COLLATION_CHARACTER_SET_APPLICABILITY,
  COLLATIONS,
  COLUMN_PRIVILEGES,
  COLUMNS,
  ENGINES,
  EVENTS,
  GLOBAL_STATUS,
  GLOBAL_VARIABLES,
  KEY_COLUMN_USAGE,
  KEYWORDS,
  PARAMETERS,
  PARTITIONS,
  PLUGINS,
  PROCESSLIST,
  REFERENTIAL_CONSTRAINTS,
  ROUTINES,
  SCHEMA_PRIVILEGES,
  SCHEMATA,
  SESSION_STATUS,
  SESSION_VARIABLES,
  STATISTICS,
  TABLE_CONSTRAINTS,
  TABLE_PRIVILEGES,
  TABLES,
  TRIGGERS,
  USER_PRIVILEGES,
  VIEWS,
];

const BY_NAME = new Map(ALL.map((t) => [t.name.toLowerCase(), t]));

/** The table named `name` (any case), or undefined. */
export function informationSchemaTable(name: string): InformationSchemaTable | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Upper-case names of all emulated tables, sorted. */
export function informationSchemaTableNames(): string[] {
  return ALL.map((t) => t.name).sort();
}

setSystemViewNames(informationSchemaTableNames);
