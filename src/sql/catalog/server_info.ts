/** Fixed facts the server reports: engines, plugins, privileges. */

/** SHOW ENGINES / INFORMATION_SCHEMA.ENGINES rows: Engine, Support, Comment, Transactions, XA, Savepoints. */
export const ENGINES: ReadonlyArray<
  readonly [string, string, string, string | null, string | null, string | null]
> = [
  [
    "InnoDB",
    "DEFAULT",
    "Supports transactions, row-level locking, and foreign keys (stored in SQLite by Marmot)",
    "YES",
    "NO",
    "YES",
  ],
  ["MyISAM", "YES", "Accepted as an alias of the default engine", "NO", "NO", "NO"],
  ["MEMORY", "YES", "Accepted as an alias of the default engine", "NO", "NO", "NO"],
  ["PERFORMANCE_SCHEMA", "NO", "Performance Schema", null, null, null],
];

/** SHOW PLUGINS rows: Name, Status, Type, Library, License. */
export const PLUGINS: ReadonlyArray<readonly [string, string, string, string | null, string]> = [
  ["binlog", "ACTIVE", "STORAGE ENGINE", null, "GPL"],
  ["mysql_native_password", "ACTIVE", "AUTHENTICATION", null, "GPL"],
  ["caching_sha2_password", "ACTIVE", "AUTHENTICATION", null, "GPL"],
  ["InnoDB", "ACTIVE", "STORAGE ENGINE", null, "GPL"],
  ["MyISAM", "ACTIVE", "STORAGE ENGINE", null, "GPL"],
  ["MEMORY", "ACTIVE", "STORAGE ENGINE", null, "GPL"],
];

/** Static privileges of MySQL 8 (USER_PRIVILEGES, SHOW PRIVILEGES). */
export const PRIVILEGES: ReadonlyArray<readonly [string, string, string]> = [
  ["Alter", "Tables", "To alter the table"],
  ["Alter routine", "Functions,Procedures", "To alter or drop stored functions/procedures"],
  ["Create", "Databases,Tables,Indexes", "To create new databases and tables"],
  ["Create routine", "Databases", "To use CREATE FUNCTION/PROCEDURE"],
  ["Create temporary tables", "Databases", "To use CREATE TEMPORARY TABLE"],
  ["Create view", "Tables", "To create new views"],
  ["Create user", "Server Admin", "To create new users"],
  ["Delete", "Tables", "To delete existing rows"],
  ["Drop", "Databases,Tables", "To drop databases, tables, and views"],
  ["Event", "Server Admin", "To create, alter, drop and execute events"],
  ["Execute", "Functions,Procedures", "To execute stored routines"],
  ["File", "File access on server", "To read and write files on the server"],
  [
    "Grant option",
    "Databases,Tables,Functions,Procedures",
    "To give to other users those privileges you possess",
  ],
  ["Index", "Tables", "To create or drop indexes"],
  ["Insert", "Tables", "To insert data into tables"],
  ["Lock tables", "Databases", "To use LOCK TABLES (together with SELECT privilege)"],
  ["Process", "Server Admin", "To view the plain text of currently executing queries"],
  ["References", "Databases,Tables", "To have references on tables"],
  ["Reload", "Server Admin", "To reload or refresh tables, logs and privileges"],
  ["Replication client", "Server Admin", "To ask where the slave or master servers are"],
  ["Replication slave", "Server Admin", "To read binary log events from the master"],
  ["Select", "Tables", "To retrieve rows from table"],
  ["Show databases", "Server Admin", "To see all databases with SHOW DATABASES"],
  ["Show view", "Tables", "To see views with SHOW CREATE VIEW"],
  ["Shutdown", "Server Admin", "To shut down the server"],
  ["Super", "Server Admin", "To use KILL thread, SET GLOBAL, CHANGE MASTER, etc."],
  ["Trigger", "Tables", "To use triggers"],
  ["Update", "Tables", "To update existing rows"],
];

/** `user@host` split as MySQL quotes it in grants: `'root'@'%'`. */
export function grantee(user: string | undefined): string {
  const [name, host] = (user ?? "root@%").split("@");
  return `'${name}'@'${host ?? "%"}'`;
}
