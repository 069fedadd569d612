/**
 * SHOW statements and DESCRIBE as tools and ORMs read them through `npm:mysql2`: SHOW
 * DATABASES / TABLES / COLUMNS / INDEX / CREATE TABLE / TABLE STATUS / VARIABLES / WARNINGS /
 * PROCESSLIST, with MySQL's column names and values. Where MySQL 8 and MariaDB print a type
 * or default differently (`int unsigned` vs `int(10) unsigned`), both are accepted.
 */
import assert from "node:assert/strict";
import { Checks } from "./support/checks.ts";
import { connect, rows } from "./support/connect.ts";
import {
  assertLike,
  assertRowsLike,
  BIGINT_U,
  fieldNames,
  INT,
  INT_U,
  NOW,
  type Row,
  SHOW_INDEX_FIELDS,
  TABLE_STATUS_FIELDS,
} from "./support/metadata_assertions.ts";
import { SHOP_DDL } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_meta_show";

e2eSuite(
  "SHOW statements and DESCRIBE describe the schema like MySQL",
  async ({ port, step }) => {
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
    } finally {
      await conn.end();
    }
  },
);
