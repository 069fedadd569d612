/**
 * ORDER BY a _ci text column, through the server: accented values sort with their letters,
 * whether the server sorts the rows itself (the key is a result column, no LIMIT) or SQLite
 * sorts them by the folded key, in text and prepared statements; ENUM and SET columns sort by
 * their members' order.
 */
import assert from "node:assert/strict";
import { connect, executeRows, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_collated_order";

e2eSuite("ORDER BY a _ci column sorts as MySQL's collation", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(20) NOT NULL)
      DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
    INSERT INTO words VALUES (1, 'Quick'), (2, 'Éclair'), (3, 'cherry'), (4, 'Zebra'),
      (5, 'apple'), (6, 'Banana'), (7, 'date');`);
  await setup.end();
  const conn = await connect(port, { database: DB });
  const words = (r: Array<{ w: string }>) => r.map((x) => x.w);
  const sql = "SELECT w FROM words WHERE id BETWEEN ? AND ? ORDER BY w";
  try {
    await step("a result holding an accented value is in collation order", async () => {
      const expected = ["apple", "Banana", "cherry", "date", "Éclair", "Quick", "Zebra"];
      assert.deepEqual(words(await rows(conn, sql, [1, 7])), expected);
      assert.deepEqual(words(await executeRows(conn, sql, [1, 7])), expected);
      assert.deepEqual(
        words(await executeRows(conn, "SELECT DISTINCT w FROM words ORDER BY w DESC", [])),
        [...expected].reverse(),
      );
    });

    await step("an ASCII-only result is in case-insensitive order", async () => {
      const expected = ["apple", "Banana", "cherry", "date", "Quick", "Zebra"];
      const ascii = "SELECT w FROM words WHERE id <> 2 ORDER BY w";
      assert.deepEqual(words(await rows(conn, ascii)), expected);
      assert.deepEqual(words(await executeRows(conn, ascii, [])), expected);
      assert.deepEqual(words(await executeRows(conn, sql, [3, 7])), [
        "apple",
        "Banana",
        "cherry",
        "date",
        "Zebra",
      ]);
    });

    await step("with LIMIT, rows left out still take their place in the order", async () => {
      const [r] = await conn.query("SELECT w FROM words ORDER BY w LIMIT 5");
      assert.deepEqual(words(r as Array<{ w: string }>), [
        "apple",
        "Banana",
        "cherry",
        "date",
        "Éclair",
      ]);
    });

    await step("an alias of the column sorts the same way", async () => {
      const [r] = await conn.query("SELECT w AS label FROM words ORDER BY label DESC LIMIT 3");
      assert.deepEqual((r as Array<{ label: string }>).map((x) => x.label), [
        "Zebra",
        "Quick",
        "Éclair",
      ]);
    });

    await step(
      "ENUM and SET columns sort and compute by their members' numbers, as MySQL's do",
      async () => {
        // Expected orders are MariaDB 10.11's for the same table.
        await conn.query(`CREATE TABLE tasks (id INT PRIMARY KEY,
        pr ENUM('low', 'medium', 'high'), tags SET('b', 'a'))`);
        await conn.query(`INSERT INTO tasks VALUES (1, 'high', 'a'), (2, 'low', 'b'),
        (3, 'medium', 'a,b'), (4, NULL, ''), (5, 'LOW', 'A,B')`);
        const ids = async (sql: string) =>
          (await rows(conn, sql) as Array<{ id: number }>).map((x) => x.id);
        assert.deepEqual(await ids("SELECT id FROM tasks ORDER BY pr, id"), [4, 2, 5, 3, 1]);
        assert.deepEqual(await ids("SELECT id FROM tasks ORDER BY pr DESC, id"), [1, 3, 2, 5, 4]);
        assert.deepEqual(await ids("SELECT id FROM tasks ORDER BY tags, id"), [4, 2, 1, 3, 5]);
        assert.deepEqual(
          await ids("SELECT id, pr AS p FROM tasks WHERE id <> 4 ORDER BY p, id LIMIT 3"),
          [2, 5, 3],
        );
        // In numeric context an ENUM is its position and a SET its member bits.
        const [numbers] = await conn.query(
          "SELECT id, pr + 0 AS p, tags + 0 AS t FROM tasks ORDER BY id",
        );
        assert.deepEqual(
          (numbers as Array<{ id: number; p: number | null; t: number }>).map((x) => [x.p, x.t]),
          [[3, 2], [1, 1], [2, 3], [null, 0], [1, 3]],
        );
        assert.deepEqual(await ids("SELECT id FROM tasks WHERE pr = 2"), [3]);
        assert.deepEqual(await ids("SELECT id FROM tasks WHERE pr IN (1, 3) ORDER BY id"), [
          1,
          2,
          5,
        ]);
        const [sum] = await conn.query("SELECT SUM(pr) AS s FROM tasks");
        assert.equal(Number((sum as Array<{ s: string }>)[0]!.s), 7);
        const [grouped] = await conn.query(
          "SELECT pr AS p, COUNT(*) AS n FROM tasks GROUP BY pr ORDER BY p",
        );
        assert.deepEqual((grouped as Array<{ p: string | null }>).map((x) => x.p), [
          null,
          "low",
          "medium",
          "high",
        ]);
      },
    );
  } finally {
    await conn.end();
  }
});
