/**
 * The `npm:mysql2` API a Node.js application uses: escaped text queries, prepared
 * statements, result headers (insertId, affectedRows, changedRows), transactions,
 * multiple statements, the `database` option, pools under concurrency, LAST_INSERT_ID(),
 * values larger than one 16 MiB protocol packet, and errors that leave the connection usable.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { ResultSetHeader } from "mysql2/promise";
import { Checks } from "./support/checks.ts";
import { connect, executeRows, expectError, pool, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_api";

function header(result: unknown): ResultSetHeader {
  return result as ResultSetHeader;
}

e2eSuite("mysql2 API works against the server like against MySQL", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE items (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      qty INT NOT NULL DEFAULT 0,
      note TEXT,
      UNIQUE KEY name (name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`);
  await setup.end();
  const conn = await connect(port, { database: DB });
  try {
    await step("the database option selects the database", async () => {
      assert.deepEqual(await rows(conn, "SELECT DATABASE() AS db"), [{ db: DB }]);
    });

    await step("an unknown database option fails the connect with 1049", async () => {
      const err = await expectError(connect(port, { database: "e2e_api_missing" }), 1049, "42000");
      assert.equal(err.code, "ER_BAD_DB_ERROR");
      assert.match(err.message, /Unknown database 'e2e_api_missing'/);
    });

    await step(
      "query() placeholders escape strings, NULL, numbers, dates, buffers, lists and objects",
      async () => {
        const tricky = 'it\'s a "test" \\ with\nnewline, tab\t, \x1a and ✓🐬';
        const [r] = await conn.query("INSERT INTO items (name, qty, note) VALUES (?, ?, ?)", [
          tricky,
          -7,
          null,
        ]);
        const id = header(r).insertId;
        assert.deepEqual(await rows(conn, "SELECT name, qty, note FROM items WHERE id = ?", [id]), [
          { name: tricky, qty: -7, note: null },
        ]);
        await conn.query("INSERT INTO items SET ?", {
          name: "set-object",
          qty: 3,
          note: "from an object",
        });
        assert.deepEqual(
          await rows(conn, "SELECT name, qty FROM items WHERE name IN (?) ORDER BY name", [[
            "set-object",
            tricky,
            "none",
          ]]),
          [{ name: tricky, qty: -7 }, { name: "set-object", qty: 3 }],
        );
        const [[echo]] = await conn.query("SELECT ? AS d, ? AS b, ? AS n, ? AS t", [
          new Date(2024, 0, 2, 3, 4, 5),
          Buffer.from([0, 1, 255]),
          1.25,
          true,
        ]) as unknown as [Array<Record<string, unknown>>];
        assert.deepEqual(echo, {
          d: "2024-01-02 03:04:05.000",
          b: Buffer.from([0, 1, 255]),
          n: "1.25",
          t: 1,
        });
        const nul = "before NUL \0 after NUL";
        await conn.query("INSERT INTO items (name) VALUES (?)", [nul]);
        assert.deepEqual(await rows(conn, "SELECT name FROM items WHERE name LIKE 'before NUL%'"), [
          { name: nul },
        ]);
      },
    );

    await step("insertId, affectedRows and changedRows match MySQL's", async () => {
      const c = new Checks();
      const [one] = await conn.query("INSERT INTO items (name) VALUES ('h1')");
      await c.that("single INSERT", () => {
        assert.equal(header(one).affectedRows, 1);
        assert.ok(header(one).insertId > 0);
      });
      const [multi] = await conn.query(
        "INSERT INTO items (name, qty) VALUES ('h2', 1), ('h3', 1), ('h4', 2)",
      );
      await c.that("multi-row INSERT", () => {
        assert.equal(header(multi).affectedRows, 3);
        assert.equal(header(multi).insertId, header(one).insertId + 1, "insertId is the first id");
      });
      await c.that("multi-row INSERT info", () => {
        assert.match(header(multi).info, /^Records: 3 {2}Duplicates: 0 {2}Warnings: 0$/);
      });
      const [update] = await conn.query(
        "UPDATE items SET qty = 1 WHERE name IN ('h2', 'h3', 'h4')",
      );
      await c.that("UPDATE", () => {
        // mysql2 connects with CLIENT_FOUND_ROWS: affectedRows counts matched rows
        assert.equal(header(update).affectedRows, 3, "affectedRows = matched rows");
        assert.equal(header(update).changedRows, 1, "changedRows");
        assert.match(header(update).info, /Rows matched: 3 {2}Changed: 1 {2}Warnings: 0/);
      });
      const [del] = await conn.query("DELETE FROM items WHERE name IN ('h3', 'h4', 'nothing')");
      await c.that("DELETE", () => assert.equal(header(del).affectedRows, 2));
      const [explicit] = await conn.query("INSERT INTO items (id, name) VALUES (1000, 'h1000')");
      await c.that(
        "INSERT with an explicit id",
        () => assert.equal(header(explicit).insertId, 1000),
      );
      const [prepared] = await conn.execute("INSERT INTO items (name) VALUES (?)", ["h1001"]);
      await c.that("prepared INSERT", () => {
        assert.equal(header(prepared).insertId, 1001, "insertId follows the explicit 1000");
        assert.equal(header(prepared).affectedRows, 1);
      });
      const [upsert] = await conn.query(
        "INSERT INTO items (name, qty) VALUES ('h1', 5) ON DUPLICATE KEY UPDATE qty = VALUES(qty)",
      );
      await c.that("ON DUPLICATE KEY UPDATE", () => {
        assert.equal(header(upsert).affectedRows, 2, "a changed row counts 2");
      });
      const [ignored] = await conn.query("INSERT IGNORE INTO items (name) VALUES ('h1')");
      await c.that("INSERT IGNORE of a duplicate", () => {
        assert.equal(header(ignored).affectedRows, 0);
        assert.equal(header(ignored).warningStatus, 1, "one warning");
      });
      c.done();
    });

    await step("LAST_INSERT_ID() follows the session's own inserts", async () => {
      const c = new Checks();
      const other = await connect(port, { database: DB });
      try {
        const [a] = await conn.query("INSERT INTO items (name) VALUES ('lid-a1'), ('lid-a2')");
        const [b] = await other.query("INSERT INTO items (name) VALUES ('lid-b')");
        await c.that("per connection", async () => {
          assert.deepEqual(await rows(conn, "SELECT LAST_INSERT_ID() AS id"), [{
            id: header(a).insertId,
          }]);
          assert.deepEqual(await rows(other, "SELECT LAST_INSERT_ID() AS id"), [{
            id: header(b).insertId,
          }]);
        });
        await conn.query("INSERT INTO items (id, name) VALUES (5000, 'lid-explicit')");
        await c.that("an explicit id does not change LAST_INSERT_ID()", async () => {
          assert.deepEqual(await rows(conn, "SELECT LAST_INSERT_ID() AS id"), [{
            id: header(a).insertId,
          }]);
        });
        await conn.query("CREATE TABLE seq (id INT NOT NULL)");
        await conn.query("INSERT INTO seq VALUES (41)");
        const [bump] = await conn.query("UPDATE seq SET id = LAST_INSERT_ID(id + 1)");
        await c.that("LAST_INSERT_ID(expr)", async () => {
          assert.equal(header(bump).insertId, 42, "sets the insert id of the statement");
          assert.deepEqual(await rows(conn, "SELECT id FROM seq"), [{ id: 42 }]);
          assert.deepEqual(await executeRows(conn, "SELECT LAST_INSERT_ID() AS id"), [{ id: 42 }]);
        });
      } finally {
        await other.end();
      }
      c.done();
    });

    await step("execute() binds WHERE and LIMIT parameters and reuses the statement", async () => {
      for (let i = 0; i < 50; i++) {
        await conn.execute("INSERT INTO items (name, qty) VALUES (?, ?)", [`ps-${i}`, i]);
      }
      const got = await executeRows(
        conn,
        "SELECT name, qty FROM items WHERE name LIKE ? AND qty >= ? ORDER BY qty DESC LIMIT ?",
        ["ps-%", 10, 3],
      );
      assert.deepEqual(got, [{ name: "ps-49", qty: 49 }, { name: "ps-48", qty: 48 }, {
        name: "ps-47",
        qty: 47,
      }]);
      assert.deepEqual(
        await executeRows(
          conn,
          "SELECT COUNT(*) AS n FROM items WHERE name LIKE ? AND qty >= ? ORDER BY qty DESC LIMIT ?",
          [
            "ps-%",
            "45",
            10,
          ],
        ),
        [{ n: 5 }],
      );
      assert.deepEqual(
        await executeRows(conn, "SELECT note FROM items WHERE note <=> ? AND name = ?", [
          null,
          "ps-1",
        ]),
        [
          { note: null },
        ],
      );
      assert.deepEqual(
        await executeRows(conn, "SELECT ? + 1 AS a, CONCAT(?, ?) AS b", [1, "x", "y"]),
        [{ a: 2, b: "xy" }],
      );
    });

    await step("beginTransaction / rollback discards and commit keeps the rows", async () => {
      const other = await connect(port, { database: DB });
      try {
        await conn.beginTransaction();
        await conn.query("INSERT INTO items (name) VALUES ('tx-rolled-back')");
        assert.equal(
          (await rows(conn, "SELECT id FROM items WHERE name = 'tx-rolled-back'")).length,
          1,
        );
        await conn.rollback();
        assert.deepEqual(
          await rows(conn, "SELECT id FROM items WHERE name = 'tx-rolled-back'"),
          [],
        );
        await conn.beginTransaction();
        await conn.execute("INSERT INTO items (name) VALUES (?)", ["tx-committed"]);
        assert.deepEqual(
          await rows(other, "SELECT id FROM items WHERE name = 'tx-committed'"),
          [],
          "not visible before COMMIT",
        );
        await conn.commit();
        assert.equal(
          (await rows(other, "SELECT id FROM items WHERE name = 'tx-committed'")).length,
          1,
        );
      } finally {
        await other.end();
      }
    });

    await step("multipleStatements returns one result per statement", async () => {
      const multi = await connect(port, { database: DB, multipleStatements: true });
      try {
        const [results] = await multi.query(
          "SELECT 1 AS a; INSERT INTO items (name) VALUES ('multi'); SELECT name FROM items WHERE name = 'multi'",
        ) as unknown as [unknown[]];
        assert.equal(results.length, 3);
        assert.deepEqual(results[0], [{ a: 1 }]);
        assert.equal(header(results[1]).affectedRows, 1);
        assert.deepEqual(results[2], [{ name: "multi" }]);
        await expectError(
          multi.query("SELECT 1; SELECT * FROM no_such_table; SELECT 3"),
          1146,
          "42S02",
        );
        assert.deepEqual(
          await rows(multi, "SELECT 2 AS b"),
          [{ b: 2 }],
          "connection usable after the error",
        );
      } finally {
        await multi.end();
      }
      await expectError(conn.query("SELECT 1; SELECT 2"), 1064, "42000");
    });

    await step(
      "errors carry MySQL's errno, SQLSTATE and code and leave the connection usable",
      async () => {
        const c = new Checks();
        await c.that("duplicate key (text)", async () => {
          const dup = await expectError(
            conn.query("INSERT INTO items (name) VALUES ('h1')"),
            1062,
            "23000",
          );
          assert.equal(dup.code, "ER_DUP_ENTRY");
          assert.match(dup.message, /^Duplicate entry 'h1' for key '(items\.)?name'$/);
        });
        await c.that("duplicate key (prepared)", async () => {
          const dup = await expectError(
            conn.execute("INSERT INTO items (name) VALUES (?)", ["h1"]),
            1062,
            "23000",
          );
          assert.equal(dup.code, "ER_DUP_ENTRY");
        });
        await c.that(
          "unknown table (text)",
          () => expectError(conn.query("SELECT * FROM nope"), 1146, "42S02"),
        );
        await c.that(
          "unknown table (prepared)",
          () => expectError(conn.execute("SELECT * FROM nope WHERE id = ?", [1]), 1146, "42S02"),
        );
        await c.that("unknown column", async () => {
          const err = await expectError(conn.query("SELECT nope FROM items"), 1054, "42S22");
          assert.match(err.message, /^Unknown column 'nope' in '(field list|SELECT)'$/);
        });
        await c.that(
          "syntax error (prepared)",
          () => expectError(conn.execute("SELEKT ?", [1]), 1064, "42000"),
        );
        await c.that("NULL into NOT NULL", async () => {
          const err = await expectError(
            conn.query("INSERT INTO items (name) VALUES (NULL)"),
            1048,
            "23000",
          );
          assert.match(err.message, /^Column 'name' cannot be null$/);
        });
        await c.that("connection still usable", async () => {
          assert.deepEqual(await rows(conn, "SELECT 'still here' AS s"), [{ s: "still here" }]);
        });
        c.done();
      },
    );

    await step("db.table reads see a database dropped and created again afresh", async () => {
      const other = `${DB}_other`;
      await conn.query(`CREATE DATABASE ${other}`);
      await conn.query(`CREATE TABLE ${other}.t (v INT)`);
      await conn.query(`INSERT INTO ${other}.t VALUES (1)`);
      assert.deepEqual(await rows(conn, `SELECT v FROM ${other}.t`), [{ v: 1 }]);
      await conn.query(`DROP DATABASE ${other}`);
      await expectError(conn.query(`SELECT v FROM ${other}.t`), 1146, "42S02");
      await conn.query(`CREATE DATABASE ${other}`);
      await conn.query(`CREATE TABLE ${other}.t (v INT)`);
      await conn.query(`INSERT INTO ${other}.t VALUES (2)`);
      assert.deepEqual(await rows(conn, `SELECT v FROM ${other}.t`), [{ v: 2 }]);
      await conn.query(`DROP DATABASE ${other}`);
    });

    await step("ping and changeUser keep the connection working", async () => {
      await conn.ping();
      await conn.query("SET @before_change = 1");
      await conn.changeUser({ user: "root", password: "", database: DB });
      assert.deepEqual(
        await rows(conn, "SELECT DATABASE() AS db, @before_change IS NULL AS fresh"),
        [{ db: DB, fresh: 1 }],
      );
    });

    await step("a pool serves many concurrent queries", async () => {
      const p = pool(port, { database: DB, connectionLimit: 8 });
      try {
        await p.query(
          "CREATE TABLE pooled (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, w INT NOT NULL, v INT NOT NULL)",
        );
        const jobs = Array.from({ length: 200 }, async (_, i) => {
          const [r] = i % 2 === 0
            ? await p.execute("INSERT INTO pooled (w, v) VALUES (?, ?)", [i % 8, i])
            : await p.query("INSERT INTO pooled (w, v) VALUES (?, ?)", [i % 8, i]);
          const id = header(r).insertId;
          const back = await executeRows<{ v: number }>(p, "SELECT v FROM pooled WHERE id = ?", [
            id,
          ]);
          assert.deepEqual(back, [{ v: i }], `row ${id} holds what job ${i} wrote`);
          return id;
        });
        const ids = await Promise.all(jobs);
        assert.equal(new Set(ids).size, 200, "every insert got its own id");
        assert.deepEqual(await rows(p, "SELECT COUNT(*) AS n, SUM(v) AS s FROM pooled"), [{
          n: 200,
          s: String(199 * 100),
        }]);
      } finally {
        await p.end();
      }
    });

    await step("a value larger than one 16 MiB packet round-trips in both protocols", async () => {
      const [[limit]] = await conn.query("SELECT @@max_allowed_packet AS m") as unknown as [
        [{ m: number }],
      ];
      const size = 17 * 1024 * 1024;
      assert.ok(limit.m > size + 1024, `max_allowed_packet ${limit.m} should allow ${size} bytes`);
      await conn.query("CREATE TABLE big (id INT PRIMARY KEY, body LONGTEXT, bin LONGBLOB)");
      const text = "x".repeat(size - 3) + "end";
      const bin = Buffer.alloc(size, 0xab);
      await conn.query("INSERT INTO big VALUES (1, ?, NULL)", [text]);
      await conn.execute("INSERT INTO big VALUES (?, ?, ?)", [2, text, bin]);
      const [textRows] = await conn.query(
        "SELECT id, LENGTH(body) AS n, body, bin FROM big ORDER BY id",
      ) as unknown as [
        Array<{ id: number; n: number; body: string; bin: Buffer | null }>,
      ];
      assert.deepEqual(textRows.map((r) => [r.id, r.n]), [[1, size], [2, size]]);
      assert.ok(
        textRows[0]!.body === text && textRows[1]!.body === text,
        "text protocol returns the whole value",
      );
      assert.ok(textRows[1]!.bin?.equals(bin), "LONGBLOB returned whole");
      const binRows = await executeRows<{ body: string; bin: Buffer | null }>(
        conn,
        "SELECT body, bin FROM big WHERE id = ?",
        [2],
      );
      assert.ok(binRows[0]!.body === text, "binary protocol returns the whole value");
      assert.ok(binRows[0]!.bin?.equals(bin), "LONGBLOB returned whole (binary protocol)");
    });
  } finally {
    await conn.end();
  }
});
