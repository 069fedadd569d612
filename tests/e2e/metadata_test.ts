/**
 * Metadata as tools and ORMs read it through `npm:mysql2`: SHOW DATABASES / TABLES /
 * COLUMNS / INDEX / CREATE TABLE / TABLE STATUS / VARIABLES / WARNINGS / PROCESSLIST,
 * DESCRIBE, INFORMATION_SCHEMA (SCHEMATA, TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE)
 * with filters, joins and ORDER BY; Marmot's own `__marmot*` tables (and SQLite's) never
 * show; unknown and dropped databases give MySQL's errors.
 *
 * Where MySQL 8 and MariaDB print a type or default differently (`int unsigned` vs
 * `int(10) unsigned`, `CURRENT_TIMESTAMP` vs `current_timestamp()`), both are accepted.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { Checks } from "./support/checks.ts";
import { connect, type Connection, executeRows, expectError, rows } from "./support/connect.ts";
import { SHOP_DDL } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_meta";
type Row = Record<string, unknown>;

const INT_U = /^int(\(10\))? unsigned$/;
const INT = /^int(\(11\))?$/;
const BIGINT_U = /^bigint(\(20\))? unsigned$/;
const NOW = /^(CURRENT_TIMESTAMP|current_timestamp\(\))$/;
/** I_S.COLUMNS.COLUMN_DEFAULT of a nullable column without default: NULL (MySQL), 'NULL' (MariaDB). */
const NO_DEFAULT = /^(null|NULL)$/;

/** Checks `actual[key]` against a value (strict equality) or a RegExp, for every key. */
function assertLike(
  actual: Row | undefined,
  expected: Record<string, unknown>,
  what: string,
): void {
  assert.ok(actual, `${what}: missing row`);
  for (const [key, want] of Object.entries(expected)) {
    const got: unknown = actual[key];
    if (want instanceof RegExp) {
      assert.match(String(got), want, `${what}.${key} = ${JSON.stringify(got)}`);
    } else assert.deepEqual(got, want, `${what}.${key}`);
  }
}

function assertRowsLike(
  actual: Row[],
  expected: Array<Record<string, unknown>>,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: ${JSON.stringify(actual)}`);
  expected.forEach((e, i) => assertLike(actual[i], e, `${what}[${i}]`));
}

async function fieldNames(conn: Connection, sql: string): Promise<string[]> {
  const [, fields] = await conn.query(sql);
  return fields.map((f) => f.name);
}

/** The column list both MySQL 8 and MariaDB start with. */
const SHOW_INDEX_FIELDS = [
  "Table",
  "Non_unique",
  "Key_name",
  "Seq_in_index",
  "Column_name",
  "Collation",
  "Cardinality",
  "Sub_part",
  "Packed",
  "Null",
  "Index_type",
  "Comment",
  "Index_comment",
];

const TABLE_STATUS_FIELDS = [
  "Name",
  "Engine",
  "Version",
  "Row_format",
  "Rows",
  "Avg_row_length",
  "Data_length",
  "Max_data_length",
  "Index_length",
  "Data_free",
  "Auto_increment",
  "Create_time",
  "Update_time",
  "Check_time",
  "Collation",
  "Checksum",
  "Create_options",
  "Comment",
];

e2eSuite(
  "metadata statements and INFORMATION_SCHEMA describe the schema like MySQL",
  async ({ port, step, target }) => {
    const setup = await connect(port, { multipleStatements: true });
    await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB}; ${SHOP_DDL}
    INSERT INTO customers (email, name) VALUES ('a@x', 'A'), ('b@x', 'B');`);
    await setup.end();
    const conn = await connect(port, { database: DB });
    try {
      await step("SHOW DATABASES lists user databases and information_schema", async () => {
        const c = new Checks();
        await c.that(
          "columns",
          async () => assert.deepEqual(await fieldNames(conn, "SHOW DATABASES"), ["Database"]),
        );
        await c.that("names", async () => {
          const names = (await rows<{ Database: string }>(conn, "SHOW DATABASES")).map((r) =>
            r.Database
          );
          assert.ok(names.includes(DB), names.join());
          assert.ok(names.includes("information_schema"), names.join());
          assert.deepEqual(names.filter((n) => n.startsWith("__marmot")), []);
        });
        await c.that("LIKE", async () => {
          assert.deepEqual(await rows(conn, `SHOW DATABASES LIKE '${DB}'`), [{
            [`Database (${DB})`]: DB,
          }]);
        });
        c.done();
      });

      await step("SHOW TABLES and SHOW FULL TABLES list exactly the user's tables", async () => {
        assert.deepEqual(await rows(conn, "SHOW TABLES"), [{ [`Tables_in_${DB}`]: "customers" }, {
          [`Tables_in_${DB}`]: "orders",
        }]);
        assert.deepEqual(await rows(conn, "SHOW TABLES LIKE 'ord%'"), [{
          [`Tables_in_${DB} (ord%)`]: "orders",
        }]);
        assert.deepEqual(await rows(conn, `SHOW FULL TABLES FROM ${DB}`), [
          { [`Tables_in_${DB}`]: "customers", Table_type: "BASE TABLE" },
          { [`Tables_in_${DB}`]: "orders", Table_type: "BASE TABLE" },
        ]);
      });

      await step(
        "SHOW COLUMNS and DESCRIBE give Field, Type, Null, Key, Default, Extra",
        async () => {
          assert.deepEqual(await fieldNames(conn, "SHOW COLUMNS FROM customers"), [
            "Field",
            "Type",
            "Null",
            "Key",
            "Default",
            "Extra",
          ]);
          const expected = [
            {
              Field: "id",
              Type: INT_U,
              Null: "NO",
              Key: "PRI",
              Default: null,
              Extra: "auto_increment",
            },
            {
              Field: "email",
              Type: "varchar(191)",
              Null: "NO",
              Key: "UNI",
              Default: null,
              Extra: "",
            },
            { Field: "name", Type: "varchar(100)", Null: "NO", Key: "MUL", Default: "", Extra: "" },
            { Field: "credit", Type: INT, Null: "NO", Key: "", Default: "0", Extra: "" },
            {
              Field: "created_at",
              Type: "timestamp",
              Null: "NO",
              Key: "",
              Default: NOW,
              Extra: /^(DEFAULT_GENERATED)?$/,
            },
            {
              Field: "updated_at",
              Type: "timestamp",
              Null: "NO",
              Key: "",
              Default: NOW,
              Extra: /^(DEFAULT_GENERATED )?on update (CURRENT_TIMESTAMP|current_timestamp\(\))$/,
            },
          ];
          assertRowsLike(await rows(conn, "SHOW COLUMNS FROM customers"), expected, "SHOW COLUMNS");
          assertRowsLike(await rows(conn, "DESCRIBE customers"), expected, "DESCRIBE");
          assertRowsLike(
            await rows(conn, `SHOW FIELDS FROM customers FROM ${DB}`),
            expected,
            "SHOW FIELDS",
          );
          assertRowsLike(await rows(conn, "DESC orders"), [
            {
              Field: "id",
              Type: BIGINT_U,
              Null: "NO",
              Key: "PRI",
              Default: null,
              Extra: "auto_increment",
            },
            { Field: "customer_id", Type: INT_U, Null: "NO", Key: "MUL", Default: null },
            { Field: "amount", Type: "decimal(10,2)", Null: "NO", Key: "", Default: "0.00" },
            { Field: "status", Type: "varchar(20)", Null: "NO", Key: "MUL", Default: "new" },
            { Field: "note", Type: "text", Null: "YES", Key: "", Default: null },
          ], "DESC orders");
          assertRowsLike(await rows(conn, "SHOW COLUMNS FROM customers LIKE '%_at'"), [{
            Field: "created_at",
          }, { Field: "updated_at" }], "LIKE");
          assertRowsLike(
            await rows(conn, "SHOW FULL COLUMNS FROM orders WHERE Field IN ('status', 'amount')"),
            [
              { Field: "amount", Collation: null, Privileges: /select/ },
              {
                Field: "status",
                Collation: "utf8mb4_unicode_ci",
                Privileges: /select/,
                Comment: "",
              },
            ],
            "SHOW FULL COLUMNS",
          );
        },
      );

      await step("SHOW INDEX lists every key column in order", async () => {
        const fields = await fieldNames(conn, "SHOW INDEX FROM orders");
        assert.deepEqual(fields.slice(0, SHOW_INDEX_FIELDS.length), SHOW_INDEX_FIELDS);
        const got = await rows(conn, "SHOW INDEX FROM orders");
        assertRowsLike(got, [
          {
            Table: "orders",
            Non_unique: 0,
            Key_name: "PRIMARY",
            Seq_in_index: 1,
            Column_name: "id",
            Null: "",
            Index_type: "BTREE",
          },
          {
            Table: "orders",
            Non_unique: 1,
            Key_name: "customer_id",
            Seq_in_index: 1,
            Column_name: "customer_id",
          },
          {
            Table: "orders",
            Non_unique: 1,
            Key_name: "status_amount",
            Seq_in_index: 1,
            Column_name: "status",
          },
          {
            Table: "orders",
            Non_unique: 1,
            Key_name: "status_amount",
            Seq_in_index: 2,
            Column_name: "amount",
          },
        ], "SHOW INDEX FROM orders");
        const keys = (await rows<Row>(conn, `SHOW KEYS FROM customers IN ${DB}`)).map((
          r,
        ) => [r.Key_name, r.Non_unique, r.Column_name]);
        assert.deepEqual(keys, [["PRIMARY", 0, "id"], ["email", 0, "email"], [
          "name_idx",
          1,
          "name",
        ]]);
      });

      await step("SHOW CREATE TABLE prints DDL that recreates the same table", async () => {
        const [show] = await rows<{ Table: string; "Create Table": string }>(
          conn,
          "SHOW CREATE TABLE customers",
        );
        assert.equal(show?.Table, "customers");
        const ddl = show!["Create Table"];
        assert.match(ddl, /^CREATE TABLE `customers` \(\n/);
        assert.match(ddl, /\n {2}`id` int(\(10\))? unsigned NOT NULL AUTO_INCREMENT,\n/);
        assert.match(ddl, /\n {2}`email` varchar\(191\) NOT NULL,\n/);
        assert.match(ddl, /\n {2}`name` varchar\(100\) NOT NULL DEFAULT '',\n/);
        assert.match(ddl, /\n {2}`credit` int(\(11\))? NOT NULL DEFAULT '?0'?,\n/);
        assert.match(
          ddl,
          /\n {2}`updated_at` timestamp NOT NULL DEFAULT (CURRENT_TIMESTAMP|current_timestamp\(\)) ON UPDATE (CURRENT_TIMESTAMP|current_timestamp\(\)),\n/,
        );
        assert.match(
          ddl,
          /\n {2}PRIMARY KEY \(`id`\),\n {2}UNIQUE KEY `email` \(`email`\),\n {2}KEY `name_idx` \(`name`\)\n\)/,
        );
        assert.match(ddl, /\) ENGINE=\w+ .*DEFAULT CHARSET=utf8mb4/);
        const [orders] = await rows<{ "Create Table": string }>(conn, "SHOW CREATE TABLE orders");
        assert.match(orders!["Create Table"], /\n {2}KEY `status_amount` \(`status`,`amount`\)\n/);
        assert.match(orders!["Create Table"], /COLLATE=utf8mb4_unicode_ci/);

        await conn.query("DROP DATABASE IF EXISTS e2e_meta_copy");
        await conn.query("CREATE DATABASE e2e_meta_copy");
        const copy = await connect(port, { database: "e2e_meta_copy" });
        try {
          for (const table of ["customers", "orders"]) {
            const [original] = await rows<{ "Create Table": string }>(
              conn,
              `SHOW CREATE TABLE ${table}`,
            );
            await copy.query(original!["Create Table"]);
            const [again] = await rows<{ "Create Table": string }>(
              copy,
              `SHOW CREATE TABLE ${table}`,
            );
            const strip = (s: string) => s.replace(/ AUTO_INCREMENT=\d+/, "");
            assert.equal(
              strip(again!["Create Table"]),
              strip(original!["Create Table"]),
              `${table} round trip`,
            );
          }
        } finally {
          await copy.end();
          await conn.query("DROP DATABASE e2e_meta_copy");
        }
      });

      await step("SHOW TABLE STATUS has MySQL's columns and one row per table", async () => {
        const fields = await fieldNames(conn, "SHOW TABLE STATUS");
        assert.deepEqual(fields.slice(0, TABLE_STATUS_FIELDS.length), TABLE_STATUS_FIELDS);
        assertRowsLike(await rows(conn, "SHOW TABLE STATUS"), [
          { Name: "customers", Engine: /\w+/, Collation: /^utf8mb4_/ },
          { Name: "orders", Engine: /\w+/, Collation: "utf8mb4_unicode_ci" },
        ], "SHOW TABLE STATUS");
        assertRowsLike(await rows(conn, `SHOW TABLE STATUS FROM ${DB} LIKE 'cust%'`), [{
          Name: "customers",
        }], "LIKE");
      });

      await step("SHOW VARIABLES answers LIKE and WHERE filters", async () => {
        assert.deepEqual(await fieldNames(conn, "SHOW VARIABLES LIKE 'autocommit'"), [
          "Variable_name",
          "Value",
        ]);
        assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'autocommit'"), [{
          Variable_name: "autocommit",
          Value: "ON",
        }]);
        assertRowsLike(
          await rows(conn, "SHOW SESSION VARIABLES WHERE Variable_name = 'max_allowed_packet'"),
          [
            { Variable_name: "max_allowed_packet", Value: /^\d+$/ },
          ],
          "max_allowed_packet",
        );
        const version = await rows<{ Variable_name: string }>(
          conn,
          "SHOW GLOBAL VARIABLES LIKE 'version%'",
        );
        const names = version.map((r) => r.Variable_name);
        assert.ok(names.includes("version") && names.includes("version_comment"), names.join());
        await conn.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
        assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'sql_mode'"), [{
          Variable_name: "sql_mode",
          Value: "STRICT_TRANS_TABLES",
        }]);
      });

      await step("SHOW WARNINGS reports the last statement's warnings", async () => {
        await conn.query("INSERT IGNORE INTO customers (email, name) VALUES ('a@x', 'dup')");
        assert.deepEqual(await fieldNames(conn, "SHOW WARNINGS"), ["Level", "Code", "Message"]);
        await conn.query("INSERT IGNORE INTO customers (email, name) VALUES ('a@x', 'dup')");
        assertRowsLike(await rows(conn, "SHOW WARNINGS"), [
          {
            Level: "Warning",
            Code: 1062,
            Message: /^Duplicate entry 'a@x' for key '(customers\.)?email'$/,
          },
        ], "SHOW WARNINGS");
        assert.deepEqual(await rows(conn, "SELECT @@warning_count AS w"), [{ w: 1 }]);
        await conn.query("SELECT COUNT(*) FROM customers");
        assert.deepEqual(await rows(conn, "SHOW WARNINGS"), []);
      });

      await step("SHOW PROCESSLIST shows this and other connections", async () => {
        const other = await connect(port, { database: DB });
        try {
          const [{ id: otherId }] = await rows<{ id: number }>(
            other,
            "SELECT CONNECTION_ID() AS id",
          ) as [{ id: number }];
          const [{ id: myId }] = await rows<{ id: number }>(
            conn,
            "SELECT CONNECTION_ID() AS id",
          ) as [{ id: number }];
          const fields = await fieldNames(conn, "SHOW PROCESSLIST");
          assert.deepEqual(fields.slice(0, 8), [
            "Id",
            "User",
            "Host",
            "db",
            "Command",
            "Time",
            "State",
            "Info",
          ]);
          const list = await rows<Row>(conn, "SHOW PROCESSLIST");
          assertLike(list.find((r) => Number(r.Id) === myId), {
            User: "root",
            db: DB,
            Command: "Query",
            Info: "SHOW PROCESSLIST",
          }, "own");
          assertLike(list.find((r) => Number(r.Id) === otherId), {
            User: "root",
            db: DB,
            Command: "Sleep",
            Info: null,
          }, "other");
          const full = await rows<Row>(conn, "SHOW FULL PROCESSLIST");
          assert.ok(full.some((r) => Number(r.Id) === otherId));
        } finally {
          await other.end();
        }
      });

      await step(
        "INFORMATION_SCHEMA.SCHEMATA and TABLES filter, sort and hide internals",
        async () => {
          assertRowsLike(
            await rows(
              conn,
              `SELECT * FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${DB}'`,
            ),
            [
              { CATALOG_NAME: "def", SCHEMA_NAME: DB },
            ],
            "SCHEMATA",
          );
          const schemas = await rows<{ SCHEMA_NAME: string }>(
            conn,
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME",
          );
          assert.ok(schemas.some((r) => r.SCHEMA_NAME === "information_schema"));
          assert.deepEqual(schemas.filter((r) => r.SCHEMA_NAME.startsWith("__marmot")), []);
          assertRowsLike(
            await rows(
              conn,
              `SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION
          FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}' ORDER BY TABLE_NAME DESC`,
            ),
            [
              {
                TABLE_CATALOG: "def",
                TABLE_SCHEMA: DB,
                TABLE_NAME: "orders",
                TABLE_TYPE: "BASE TABLE",
                TABLE_COLLATION: "utf8mb4_unicode_ci",
              },
              {
                TABLE_CATALOG: "def",
                TABLE_SCHEMA: DB,
                TABLE_NAME: "customers",
                TABLE_TYPE: "BASE TABLE",
              },
            ],
            "TABLES",
          );
          assert.deepEqual(
            await rows(
              conn,
              `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'cust%'`,
            ),
            [{ TABLE_NAME: "customers" }],
          );
          assert.deepEqual(
            await rows(
              conn,
              "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_NAME LIKE '\\_\\_marmot%' OR TABLE_NAME LIKE 'sqlite\\_%'",
            ),
            [],
          );
        },
      );

      await step("INFORMATION_SCHEMA.COLUMNS describes types, keys and defaults", async () => {
        const got = await executeRows(
          conn,
          `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
           CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COLUMN_TYPE, COLUMN_KEY, EXTRA
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
          [DB, "orders"],
        );
        assertRowsLike(got, [
          {
            COLUMN_NAME: "id",
            ORDINAL_POSITION: 1,
            COLUMN_DEFAULT: null,
            IS_NULLABLE: "NO",
            DATA_TYPE: "bigint",
            NUMERIC_PRECISION: 20,
            NUMERIC_SCALE: 0,
            COLUMN_TYPE: BIGINT_U,
            COLUMN_KEY: "PRI",
            EXTRA: "auto_increment",
          },
          {
            COLUMN_NAME: "customer_id",
            ORDINAL_POSITION: 2,
            DATA_TYPE: "int",
            NUMERIC_PRECISION: 10,
            COLUMN_TYPE: INT_U,
            COLUMN_KEY: "MUL",
            EXTRA: "",
          },
          {
            COLUMN_NAME: "amount",
            ORDINAL_POSITION: 3,
            COLUMN_DEFAULT: "0.00",
            DATA_TYPE: "decimal",
            NUMERIC_PRECISION: 10,
            NUMERIC_SCALE: 2,
            COLUMN_TYPE: "decimal(10,2)",
            COLUMN_KEY: "",
          },
          {
            COLUMN_NAME: "status",
            ORDINAL_POSITION: 4,
            COLUMN_DEFAULT: /^'?new'?$/,
            DATA_TYPE: "varchar",
            CHARACTER_MAXIMUM_LENGTH: 20,
            NUMERIC_PRECISION: null,
            COLUMN_TYPE: "varchar(20)",
            COLUMN_KEY: "MUL",
          },
          {
            COLUMN_NAME: "note",
            ORDINAL_POSITION: 5,
            COLUMN_DEFAULT: NO_DEFAULT,
            IS_NULLABLE: "YES",
            DATA_TYPE: "text",
            CHARACTER_MAXIMUM_LENGTH: 65535,
            COLUMN_TYPE: "text",
          },
        ], "COLUMNS of orders");
        assert.deepEqual(
          await rows(
            conn,
            `SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${DB}'
          AND DATA_TYPE IN ('int', 'bigint') ORDER BY TABLE_NAME, ORDINAL_POSITION`,
          ),
          [{ COLUMN_NAME: "id" }, { COLUMN_NAME: "credit" }, { COLUMN_NAME: "id" }, {
            COLUMN_NAME: "customer_id",
          }],
        );
      });

      await step("INFORMATION_SCHEMA joins and aggregates work", async () => {
        assert.deepEqual(
          await rows(
            conn,
            `SELECT t.TABLE_NAME AS tbl, COUNT(c.COLUMN_NAME) AS n
          FROM information_schema.TABLES t
          JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
          WHERE t.TABLE_SCHEMA = '${DB}' GROUP BY t.TABLE_NAME ORDER BY n DESC`,
          ),
          [{ tbl: "customers", n: 6 }, { tbl: "orders", n: 5 }],
        );
      });

      await step(
        "INFORMATION_SCHEMA.STATISTICS and KEY_COLUMN_USAGE list indexes and key constraints",
        async () => {
          assert.deepEqual(
            (await rows<Row>(
              conn,
              `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, INDEX_TYPE
          FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '${DB}' ORDER BY TABLE_NAME, COLUMN_NAME`,
            ))
              .map((
                r,
              ) => [
                r.TABLE_NAME,
                r.INDEX_NAME,
                Number(r.NON_UNIQUE),
                r.SEQ_IN_INDEX,
                r.COLUMN_NAME,
                r.INDEX_TYPE,
              ]),
            [
              ["customers", "email", 0, 1, "email", "BTREE"],
              ["customers", "PRIMARY", 0, 1, "id", "BTREE"],
              ["customers", "name_idx", 1, 1, "name", "BTREE"],
              ["orders", "status_amount", 1, 2, "amount", "BTREE"],
              ["orders", "customer_id", 1, 1, "customer_id", "BTREE"],
              ["orders", "PRIMARY", 0, 1, "id", "BTREE"],
              ["orders", "status_amount", 1, 1, "status", "BTREE"],
            ],
          );
          assert.deepEqual(
            await rows(
              conn,
              `SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME
          FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '${DB}' ORDER BY TABLE_NAME, COLUMN_NAME`,
            ),
            [
              {
                CONSTRAINT_NAME: "email",
                TABLE_NAME: "customers",
                COLUMN_NAME: "email",
                ORDINAL_POSITION: 1,
                REFERENCED_TABLE_NAME: null,
              },
              {
                CONSTRAINT_NAME: "PRIMARY",
                TABLE_NAME: "customers",
                COLUMN_NAME: "id",
                ORDINAL_POSITION: 1,
                REFERENCED_TABLE_NAME: null,
              },
              {
                CONSTRAINT_NAME: "PRIMARY",
                TABLE_NAME: "orders",
                COLUMN_NAME: "id",
                ORDINAL_POSITION: 1,
                REFERENCED_TABLE_NAME: null,
              },
            ],
          );
        },
      );

      await step(
        "Marmot's and SQLite's internal tables never show and cannot be read",
        async () => {
          let internal: string[] = [];
          if (!target.external) {
            const file = new DatabaseSync(join(target.dataDir, "databases", `${DB}.db`), {
              readOnly: true,
            });
            try {
              internal =
                (file.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<
                  { name: string }
                >)
                  .map((r) => r.name)
                  .filter((n) => n.startsWith("__marmot") || n.startsWith("sqlite_"));
            } finally {
              file.close();
            }
          }
          const shown = new Set([
            ...(await rows<Row>(conn, "SHOW TABLES")).map((r) => String(Object.values(r)[0])),
            ...(await rows<Row>(conn, "SHOW TABLE STATUS")).map((r) => String(r.Name)),
            ...(await rows<Row>(
              conn,
              `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}'`,
            )).map((r) => String(r.TABLE_NAME)),
            ...(await rows<Row>(
              conn,
              `SELECT DISTINCT TABLE_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${DB}'`,
            )).map((r) => String(r.TABLE_NAME)),
          ]);
          assert.deepEqual([...shown].sort(), ["customers", "orders"]);
          for (const name of internal.filter((n) => n.startsWith("__marmot"))) {
            const errno = await conn.query(`SELECT * FROM \`${name}\``).then(
              () => 0,
              (e: { errno: number }) => e.errno,
            );
            assert.ok(
              errno === 1146 || errno === 1142,
              `reading ${name} must fail with 1146 or 1142, got ${errno}`,
            );
          }
        },
      );

      await step("unknown databases give 1049 and DROP DATABASE removes everything", async () => {
        const c = new Checks();
        const none = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ";
        await c.that("USE", () => expectError(conn.query("USE e2e_meta_nowhere"), 1049, "42000"));
        await c.that(
          "SHOW TABLES FROM",
          () => expectError(conn.query("SHOW TABLES FROM e2e_meta_nowhere"), 1049, "42000"),
        );
        await c.that(
          "CREATE TABLE in it",
          () => expectError(conn.query("CREATE TABLE e2e_meta_nowhere.t (id INT)"), 1049, "42000"),
        );
        await c.that(
          "I_S",
          async () => assert.deepEqual(await rows(conn, `${none}'e2e_meta_nowhere'`), []),
        );

        await conn.query("CREATE DATABASE e2e_meta_drop");
        await c.that(
          "CREATE DATABASE twice",
          () => expectError(conn.query("CREATE DATABASE e2e_meta_drop"), 1007, "HY000"),
        );
        await c.that(
          "CREATE DATABASE IF NOT EXISTS",
          () => conn.query("CREATE DATABASE IF NOT EXISTS e2e_meta_drop"),
        );
        await conn.query("CREATE TABLE e2e_meta_drop.t1 (id INT PRIMARY KEY)");
        await conn.query("CREATE TABLE e2e_meta_drop.t2 (id INT PRIMARY KEY)");
        await conn.query("INSERT INTO e2e_meta_drop.t1 VALUES (1)");
        await conn.query("DROP DATABASE e2e_meta_drop");
        await c.that("SHOW DATABASES after DROP", async () => {
          const names = (await rows<{ Database: string }>(conn, "SHOW DATABASES")).map((r) =>
            r.Database
          );
          assert.ok(!names.includes("e2e_meta_drop"), names.join());
        });
        await c.that("SCHEMATA after DROP", async () => {
          assert.deepEqual(
            await rows(
              conn,
              "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'e2e_meta_drop'",
            ),
            [],
          );
        });
        await c.that(
          "TABLES after DROP",
          async () => assert.deepEqual(await rows(conn, `${none}'e2e_meta_drop'`), []),
        );
        await c.that("SELECT from a table of the dropped database", async () => {
          const err = await expectError(
            conn.query("SELECT * FROM e2e_meta_drop.t1"),
            1146,
            "42S02",
          );
          assert.match(err.message, /^Table 'e2e_meta_drop\.t1' doesn't exist$/);
        });
        await c.that("DROP DATABASE twice", async () => {
          const err = await expectError(conn.query("DROP DATABASE e2e_meta_drop"), 1008, "HY000");
          assert.match(
            err.message,
            /^Can't drop database 'e2e_meta_drop'; database doesn't exist$/,
          );
        });
        await c.that(
          "DROP DATABASE IF EXISTS",
          () => conn.query("DROP DATABASE IF EXISTS e2e_meta_drop"),
        );
        await c.that("a recreated database starts empty", async () => {
          await conn.query("CREATE DATABASE e2e_meta_drop");
          assert.deepEqual(await rows(conn, "SHOW TABLES FROM e2e_meta_drop"), []);
          await conn.query("DROP DATABASE e2e_meta_drop");
        });
        c.done();
      });
    } finally {
      await conn.end();
    }
  },
);
