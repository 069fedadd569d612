/**
 * INFORMATION_SCHEMA (SCHEMATA, TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE) with filters,
 * joins, ORDER BY and prepared statements, as ORMs and GUI tools query it; Marmot's own
 * `__marmot*` tables (and SQLite's) never show; unknown and dropped databases give MySQL's
 * errors.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { Checks } from "./support/checks.ts";
import { connect, executeRows, expectError, rows } from "./support/connect.ts";
import {
  assertRowsLike,
  BIGINT_U,
  INT_U,
  NO_DEFAULT,
  type Row,
} from "./support/metadata_assertions.ts";
import { SHOP_DDL } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_meta_is";

e2eSuite(
  "INFORMATION_SCHEMA describes the schema like MySQL and hides internals",
  async ({ port, step, target }) => {
    const setup = await connect(port, { multipleStatements: true });
    await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB}; ${SHOP_DDL}
    INSERT INTO customers (email, name) VALUES ('a@x', 'A'), ('b@x', 'B');`);
    await setup.end();
    const conn = await connect(port, { database: DB });
    try {
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

      await step(
        "variables and status as performance_schema (MySQL 8) and INFORMATION_SCHEMA list them",
        async () => {
          await conn.query("SET SESSION sql_mode = 'ANSI_QUOTES'");
          try {
            assert.deepEqual(
              await rows(
                conn,
                `SELECT VARIABLE_VALUE AS v FROM performance_schema.session_variables
                  WHERE VARIABLE_NAME = 'sql_mode'`,
              ),
              [{ v: "ANSI_QUOTES" }],
            );
          } finally {
            await conn.query("SET SESSION sql_mode = DEFAULT");
          }
          assert.deepEqual(
            await rows(
              conn,
              `SELECT g.VARIABLE_VALUE AS v FROM performance_schema.global_variables g
                JOIN information_schema.GLOBAL_VARIABLES i USING (VARIABLE_NAME)
                WHERE VARIABLE_NAME = 'max_connections'`,
            ),
            [{ v: "1000" }],
          );
          const [status] = await conn.query(
            "SELECT VARIABLE_VALUE AS v FROM performance_schema.global_status " +
              "WHERE VARIABLE_NAME = 'Uptime'",
          );
          assert.ok(Number((status as Array<{ v: string }>)[0]!.v) >= 0);
        },
      );

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
