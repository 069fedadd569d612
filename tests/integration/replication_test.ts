/**
 * Replication across a real 3-node cluster on loopback, through the mysql2 driver: DDL and
 * DML written on any node reach every node byte-exact, concurrent writers to the same rows
 * get 1213 instead of divergence, and a dead node leaves QUORUM and ONE writing while ALL
 * and a lone node refuse.
 */
import assert from "node:assert/strict";
import type mysql from "mysql2/promise";
import { connectMysql2, startCluster } from "../helpers/mod.ts";
import type { ClusterHandle } from "../helpers/start_cluster.ts";

type Conn = mysql.Connection;

async function connect(cluster: ClusterHandle, nodeId: number, database = "marmot") {
  return await connectMysql2(cluster.node(nodeId).mysqlPort, {
    database,
    supportBigNumbers: true,
  });
}

async function rows(conn: Conn, sql: string): Promise<unknown[]> {
  const [result] = await conn.query({ sql, rowsAsArray: true });
  return result as unknown[];
}

/** Waits until every connection answers `sql` with the same rows; returns them. */
async function converged(conns: Conn[], sql: string, timeoutMs = 10_000): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await Promise.all(conns.map((c) => rows(c, sql)));
    const first = JSON.stringify(answers[0], replacer);
    if (answers.every((a) => JSON.stringify(a, replacer) === first)) return answers[0]!;
    if (Date.now() > deadline) {
      assert.fail(
        `nodes disagree on ${sql}:\n${answers.map((a) => JSON.stringify(a, replacer)).join("\n")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return `bytes:${[...value].join(",")}`;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function code(err: unknown): number | undefined {
  return (err as { errno?: number }).errno;
}

Deno.test("writes on any node reach every node, byte-exact, and conflicts give 1213", async (t) => {
  await using cluster = await startCluster(3);
  const conns = [await connect(cluster, 1), await connect(cluster, 2), await connect(cluster, 3)];
  const [n1, n2, n3] = conns as [Conn, Conn, Conn];
  try {
    await t.step("DDL and DML from each node are visible on every node", async () => {
      await n1.query(
        "CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40) NOT NULL, qty INT)",
      );
      await n2.query("INSERT INTO items (name, qty) VALUES ('apple', 1), ('pear', 2)");
      await n3.query("INSERT INTO items (name, qty) VALUES ('plum', 3)");
      await n1.query("UPDATE items SET qty = qty + 10 WHERE name = 'pear'");
      await n2.query("DELETE FROM items WHERE name = 'apple'");
      await n3.query("ALTER TABLE items ADD COLUMN note TEXT");
      await n1.query("UPDATE items SET note = 'ripe' WHERE name = 'plum'");
      const got = await converged(conns, "SELECT name, qty, note FROM items ORDER BY name");
      assert.deepEqual(got, [["pear", 12, null], ["plum", 3, "ripe"]]);
      const ids = await rows(n1, "SELECT id FROM items ORDER BY id");
      assert.equal(new Set(ids.map((r) => String((r as unknown[])[0]))).size, 2);
    });

    await t.step("every column type arrives byte-exact", async () => {
      await n2.query(`CREATE TABLE types (
        id BIGINT PRIMARY KEY, b BLOB, vb VARBINARY(10), t TEXT, c CHAR(5), big BIGINT,
        d DOUBLE, dec1 DECIMAL(10,2), dt DATETIME, dd DATE, tm TIME, ts TIMESTAMP NULL,
        j JSON, e ENUM('a','b'), s SET('x','y'), bit1 TINYINT(1), u INT UNSIGNED)`);
      await n3.execute(
        "INSERT INTO types VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
          1,
          new Uint8Array([0, 255, 1, 0, 10]),
          new Uint8Array([0x61, 0]),
          "héllo\nwörld ✓",
          "ab",
          "9007199254740993",
          0.1,
          "12345678.91",
          "2024-02-29 13:14:15",
          "1999-12-31",
          "-12:30:00",
          "2030-01-01 00:00:00",
          '{"k": [1, 2]}',
          "b",
          "x,y",
          1,
          4294967295,
        ],
      );
      await n1.query("INSERT INTO types (id, b, t) VALUES (2, x'', '')");
      const sql = "SELECT id, hex(b), typeof_b, hex(vb), t, c, CAST(big AS CHAR), d, dec1, " +
        "CAST(dt AS CHAR), CAST(dd AS CHAR), CAST(tm AS CHAR), CAST(ts AS CHAR), j, e, s, bit1, u " +
        "FROM (SELECT *, CASE WHEN b IS NULL THEN 'null' ELSE 'blob' END AS typeof_b FROM types) x " +
        "ORDER BY id";
      const got = await converged(conns, sql);
      assert.deepEqual(got[0], [
        1,
        "00FF01000A",
        "blob",
        "6100",
        "héllo\nwörld ✓",
        "ab",
        "9007199254740993",
        0.1,
        "12345678.91",
        "2024-02-29 13:14:15",
        "1999-12-31",
        "-12:30:00",
        "2030-01-01 00:00:00",
        { k: [1, 2] },
        "b",
        "x,y",
        1,
        4294967295,
      ]);
      assert.deepEqual((got[1] as unknown[]).slice(0, 5), [2, "", "blob", null, ""]);
    });

    await t.step("tables without a primary key and with composite keys", async () => {
      await n1.query("CREATE TABLE log (msg TEXT, at INT)");
      await n1.query("CREATE TABLE pairs (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))");
      await Promise.all([
        n1.query("INSERT INTO log VALUES ('from 1', 1)"),
        n2.query("INSERT INTO log VALUES ('from 2', 2)"),
        n3.query("INSERT INTO log VALUES ('from 3', 3), ('again 3', 4)"),
      ]);
      await n2.query("UPDATE log SET at = 20 WHERE msg = 'from 2'");
      await n3.query("DELETE FROM log WHERE msg = 'again 3'");
      assert.deepEqual(await converged(conns, "SELECT msg, at FROM log ORDER BY msg"), [
        ["from 1", 1],
        ["from 2", 20],
        ["from 3", 3],
      ]);
      await n2.query("INSERT INTO pairs VALUES (1, 'x', 1), (1, 'y', 2), (2, 'x', 3)");
      // QUORUM acknowledged it on two nodes: the third may apply it a moment later, and an
      // UPDATE there before that would match nothing.
      assert.deepEqual(await converged(conns, "SELECT count(*) FROM pairs"), [[3]]);
      await n3.query("UPDATE pairs SET v = 9 WHERE a = 1 AND b = 'y'");
      await n1.query("UPDATE pairs SET b = 'z' WHERE a = 2");
      assert.deepEqual(await converged(conns, "SELECT a, b, v FROM pairs ORDER BY a, b"), [
        [1, "x", 1],
        [1, "y", 9],
        [2, "z", 3],
      ]);
    });

    await t.step(
      "explicit transactions replicate whole at COMMIT; ROLLBACK sends nothing",
      async () => {
        await n1.query("CREATE TABLE acct (id INT PRIMARY KEY, bal INT)");
        await n1.query("INSERT INTO acct VALUES (1, 100), (2, 100)");
        await n2.query("BEGIN");
        await n2.query("UPDATE acct SET bal = bal - 30 WHERE id = 1");
        await n2.query("UPDATE acct SET bal = bal + 30 WHERE id = 2");
        assert.deepEqual(await rows(n2, "SELECT bal FROM acct ORDER BY id"), [[70], [130]]);
        assert.deepEqual(await rows(n3, "SELECT bal FROM acct ORDER BY id"), [[100], [100]]);
        await n2.query("COMMIT");
        assert.deepEqual(await converged(conns, "SELECT bal FROM acct ORDER BY id"), [[70], [130]]);
        await n3.query("START TRANSACTION");
        await n3.query("UPDATE acct SET bal = 0");
        await n3.query("ROLLBACK");
        assert.deepEqual(await converged(conns, "SELECT bal FROM acct ORDER BY id"), [[70], [130]]);
      },
    );

    await t.step(
      "AUTO_INCREMENT ids of another database (`db.table`) are unique cluster-wide too",
      async () => {
        await n1.query("CREATE DATABASE other_db");
        await n1.query(
          "CREATE TABLE other_db.notes (id INT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(20))",
        );
        await converged(conns, "SELECT count(*) FROM other_db.notes");
        const ids: number[] = [];
        const residues = conns.map(() => new Set<number>());
        // From the default database, each node inserting into other_db at the same time.
        await Promise.all(conns.map(async (c, i) => {
          for (let k = 0; k < 10; k++) {
            const [ok] = await c.query(`INSERT INTO other_db.notes (body) VALUES ('n${i}-${k}')`);
            const id = (ok as mysql.ResultSetHeader).insertId;
            ids.push(id);
            residues[i]!.add(id % 3);
          }
        }));
        assert.equal(new Set(ids).size, 30, `ids handed out twice: ${ids}`);
        // Each node numbers in its own residue class (auto_ids.ts), as for its own database,
        // instead of taking SQLite's next id and colliding.
        assert.deepEqual(residues.map((r) => r.size), [1, 1, 1], `ids: ${ids}`);
        assert.equal(new Set(residues.flatMap((r) => [...r])).size, 3, `ids: ${ids}`);
        const stored = await converged(conns, "SELECT id FROM other_db.notes ORDER BY id");
        assert.deepEqual(stored, [...ids].sort((a, b) => a - b).map((id) => [id]));
      },
    );

    await t.step("concurrent increments on every node: success or 1213, nothing lost", async () => {
      await n1.query("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
      await n1.query("INSERT INTO counter VALUES (1, 0), (2, 0)");
      await converged(conns, "SELECT count(*) FROM counter");
      const clients = await Promise.all(
        [1, 2, 3, 1, 2, 3].map((id) => connect(cluster, id)),
      );
      let ok = 0;
      let conflicts = 0;
      await Promise.all(clients.map(async (c, i) => {
        for (let k = 0; k < 60; k++) {
          try {
            if (k % 2 === 0) {
              await c.query("UPDATE counter SET n = n + 1 WHERE id = 1");
            } else {
              await c.query("BEGIN");
              await c.query("UPDATE counter SET n = n + 1 WHERE id = 1");
              await c.query("UPDATE counter SET n = n + 1 WHERE id = 2");
              await c.query("COMMIT");
            }
            ok += k % 2 === 0 ? 1 : 0;
            if (k % 2 === 1) ok += 1000;
          } catch (err) {
            assert.equal(code(err), 1213, `client ${i}: ${err}`);
            conflicts++;
            if (k % 2 === 1) await c.query("ROLLBACK");
          }
        }
      }));
      await Promise.all(clients.map((c) => c.end()));
      const singles = ok % 1000;
      const txns = Math.floor(ok / 1000);
      const got = await converged(conns, "SELECT id, n FROM counter ORDER BY id");
      assert.deepEqual(got, [[1, singles + txns], [2, txns]]);
      assert.ok(singles + txns > 0, "some increments succeeded");
      console.log(`increments: ${singles + txns} committed, ${conflicts} got 1213`);
    });

    await t.step("many clients' transactions: every committed one is on every node", async () => {
      // sysbench write_only's shape: an increment, a delete and a re-insert per transaction.
      await n1.query("CREATE TABLE wo (id INT PRIMARY KEY, k INT NOT NULL, c TEXT)");
      for (let id = 1; id <= 20; id++) await n1.query("INSERT INTO wo VALUES (?, 0, 'x')", [id]);
      await converged(conns, "SELECT count(*) FROM wo");
      const clients = await Promise.all(
        Array.from({ length: 12 }, (_, i) => connect(cluster, 1 + (i % 3))),
      );
      let committed = 0;
      await Promise.all(clients.map(async (c) => {
        for (let k = 0; k < 40; k++) {
          const id = 1 + Math.floor(Math.random() * 20);
          try {
            await c.query("BEGIN");
            await c.query("UPDATE wo SET k = k + 1 WHERE id = ?", [id]);
            await c.query("DELETE FROM wo WHERE id = ?", [id + 100]);
            await c.query("INSERT INTO wo VALUES (?, 0, 'y')", [id + 100]);
            await c.query("COMMIT");
            committed++;
          } catch (err) {
            assert.equal(code(err), 1213, String(err));
            await c.query("ROLLBACK");
          }
        }
      }));
      await Promise.all(clients.map((c) => c.end()));
      const got = await converged(conns, "SELECT sum(k), count(*) FROM wo");
      assert.deepEqual(got, [[String(committed), 40]]);
      console.log(`transactions: ${committed} of 480 committed`);
    });

    await t.step(
      "a COMMIT does not wait for a transaction that began during its two-phase commit",
      async () => {
        await n1.query("CREATE TABLE idle (id INT PRIMARY KEY, v INT)");
        await n1.query("INSERT INTO idle VALUES (1, 0), (2, 0)");
        const [b, a] = [await connect(cluster, 1), await connect(cluster, 1)];
        try {
          await b.query("BEGIN");
          await b.query("UPDATE idle SET v = v + 1 WHERE id = 1");
          await a.query("BEGIN");
          // Queued behind b's write: it goes on once b's COMMIT let go of the writer, then
          // its client stays idle.
          const aWrote = a.query("UPDATE idle SET v = v + 1 WHERE id = 2");
          await new Promise((r) => setTimeout(r, 100));
          const started = Date.now();
          await b.query("COMMIT");
          const took = Date.now() - started;
          assert.deepEqual(await rows(b, "SELECT v FROM idle WHERE id = 1"), [[1]]);
          await aWrote;
          await new Promise((r) => setTimeout(r, 2_000));
          await a.query("COMMIT");
          assert.ok(took < 1_500, `b's COMMIT took ${took} ms: it waited for a's idle transaction`);
          assert.deepEqual(await converged(conns, "SELECT id, v FROM idle ORDER BY id"), [
            [1, 1],
            [2, 1],
          ]);
        } finally {
          await Promise.all([a.end(), b.end()]);
        }
      },
    );

    await t.step(
      "large transactions: 120 MiB replicates, one too large to carry gets 1180",
      async () => {
        await n2.query("CREATE TABLE bulk (id INT PRIMARY KEY, pad LONGTEXT)");
        await n2.query("CREATE TABLE seq (n INT PRIMARY KEY)");
        // 150,000 rows in one statement: row changes past the size where they were once
        // spread as function arguments (a stack overflow).
        await n2.query(
          "INSERT INTO seq WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r " +
            "WHERE n < 150000) SELECT n FROM r",
        );
        // Over gRPC's 100 MiB message bound: the PREPARE travels in parts.
        await n2.query("INSERT INTO bulk SELECT n, REPEAT('b', 1048576) FROM seq WHERE n <= 120");
        assert.deepEqual(
          await converged(conns, "SELECT count(*), sum(length(pad)) FROM bulk", 60_000),
          [[120, String(120 * 1048576)]],
        );
        await assert.rejects(
          n2.query(
            "INSERT INTO bulk SELECT n, REPEAT('c', 1048576) FROM seq WHERE n > 1000 AND n <= 1260",
          ),
          (err: Error) =>
            code(err) === 1180 && /split it into smaller transactions/.test(err.message),
        );
        await n2.query("INSERT INTO bulk VALUES (0, 'after')");
        assert.deepEqual(
          await converged(conns, "SELECT count(*), max(id) FROM bulk WHERE id = 0 OR id > 1000"),
          [[1, 0]],
        );
        assert.deepEqual(await converged(conns, "SELECT count(*) FROM seq"), [[150000]]);
      },
    );
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
});

Deno.test("a dead node: QUORUM and ONE go on, ALL and a lone node refuse", async (t) => {
  await using cluster = await startCluster(3);
  const n1 = await connect(cluster, 1);
  try {
    await n1.query("CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)");
    await cluster.node(3).kill();
    await cluster.waitForStatus(1, 3, "DEAD", 30_000);

    await t.step("QUORUM writes go on with 2 of 3", async () => {
      await n1.query("INSERT INTO kv VALUES (1, 'quorum')");
      const n2 = await connect(cluster, 2);
      assert.deepEqual(await converged([n1, n2], "SELECT k, v FROM kv"), [[1, "quorum"]]);
      await n2.end();
    });

    await t.step("ALL fails with an error naming the level and the nodes reached", async () => {
      await assert.rejects(
        n1.query("INSERT /*+ CONSISTENCY(ALL) */ INTO kv VALUES (2, 'all')"),
        (err: Error) => {
          assert.equal(code(err), 1105);
          assert.match(err.message, /ALL/);
          assert.match(err.message, /\b1\b.*\b2\b/);
          return true;
        },
      );
      assert.deepEqual(await rows(n1, "SELECT k FROM kv ORDER BY k"), [[1]]);
    });

    await t.step("ONE works", async () => {
      await n1.query("INSERT /*+ CONSISTENCY(ONE) */ INTO kv VALUES (3, 'one')");
      assert.deepEqual(await rows(n1, "SELECT k FROM kv ORDER BY k"), [[1], [3]]);
    });

    await t.step("a node whose membership says it is alone refuses QUORUM", async () => {
      await cluster.node(2).kill();
      await cluster.waitForStatus(1, 2, "DEAD", 30_000);
      await assert.rejects(
        n1.query("INSERT INTO kv VALUES (4, 'alone')"),
        (err: Error) => code(err) === 1105 && /QUORUM/.test(err.message),
      );
      assert.deepEqual(await rows(n1, "SELECT k FROM kv ORDER BY k"), [[1], [3]]);
    });
  } finally {
    await n1.end();
  }
});
