/**
 * Durability across restarts of the same data directory: what was written before a
 * SIGTERM is there afterwards; after a SIGKILL every committed transaction is there and
 * no uncommitted one is; and each database is an ordinary SQLite file at
 * `data_dir/databases/<name>.db` that `node:sqlite` opens read-only and reads.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { connect, type Connection, rows } from "./support/connect.ts";
import { EXTERNAL, startTarget, type Target } from "./support/target.ts";

const WHY_IGNORED = "restart tests need a node process and its data dir, not an external server";
if (EXTERNAL) console.log(`restart_test.ts ignored: ${WHY_IGNORED}`);

/** Reads a table straight from the database's SQLite file, read-only. */
function readFile(dataDir: string, database: string, sql: string): Array<Record<string, unknown>> {
  const file = new DatabaseSync(join(dataDir, "databases", `${database}.db`), { readOnly: true });
  try {
    return file.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    file.close();
  }
}

async function withConnection<T>(
  target: Target,
  database: string | undefined,
  fn: (c: Connection) => Promise<T>,
): Promise<T> {
  const conn = await connect(target.port, database === undefined ? {} : { database });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

function failWithLogs(target: Target, e: unknown): never {
  console.error(`--- node logs ---\n${target.logs().slice(-6000)}`);
  throw e;
}

/**
 * Runs `before` on a node (closing the connections it lists in `open` after), SIGKILLs the
 * node, starts another on the same data dir and runs `after` there; `stopped` then reads the
 * data dir with no node running.
 */
async function acrossSigkill(
  prefix: string,
  before: (node: Target, open: Connection[]) => Promise<void>,
  after: (node: Target) => Promise<void>,
  stopped: (dataDir: string) => void = () => {},
): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix });
  try {
    const first = await startTarget({ dataDir });
    const open: Connection[] = [];
    try {
      await before(first, open);
      await first.kill();
    } catch (e) {
      await first.kill();
      failWithLogs(first, e);
    } finally {
      for (const c of open) c.destroy();
    }
    const second = await startTarget({ dataDir });
    try {
      await after(second);
      await second.stop("SIGTERM");
    } catch (e) {
      await second.kill();
      failWithLogs(second, e);
    }
    stopped(dataDir);
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

Deno.test({
  name: "data written before SIGTERM is there after a restart, and the file is plain SQLite",
  ignore: EXTERNAL,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "marmot-e2e-restart-" });
  try {
    const first = await startTarget({ dataDir });
    try {
      await withConnection(first, undefined, async (c) => {
        await c.query("CREATE DATABASE e2e_durable");
        await c.query("USE e2e_durable");
        await c.query(`CREATE TABLE items (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          name VARCHAR(50) NOT NULL, price DECIMAL(10,2) NOT NULL DEFAULT 0) ENGINE=InnoDB`);
        await c.query(
          "INSERT INTO items (name, price) VALUES ('apple', 1.25), ('pear', 2.50), ('plum', 0.75)",
        );
        await c.query("UPDATE items SET price = 3.00 WHERE name = 'pear'");
        await c.query("DELETE FROM items WHERE name = 'plum'");
        await c.query("CREATE DATABASE e2e_gone");
        await c.query("CREATE TABLE e2e_gone.t (id INT PRIMARY KEY)");
        await c.query("DROP DATABASE e2e_gone");
      });
      assert.deepEqual(
        readFile(dataDir, "e2e_durable", "SELECT id, name FROM items ORDER BY id").map((
          r,
        ) => [Number(r.id), r.name]),
        [[1, "apple"], [2, "pear"]],
        "the SQLite file holds the rows while the node runs",
      );
      const exit = await first.stop("SIGTERM");
      assert.deepEqual(
        exit,
        { code: 0, signal: null },
        "SIGTERM is a clean shutdown with exit code 0",
      );
    } catch (e) {
      await first.kill();
      failWithLogs(first, e);
    }

    assert.deepEqual(
      readFile(dataDir, "e2e_durable", "SELECT id, name FROM items ORDER BY id").map((
        r,
      ) => [Number(r.id), r.name]),
      [[1, "apple"], [2, "pear"]],
      "the SQLite file holds the rows after shutdown",
    );
    const tables = readFile(
      dataDir,
      "e2e_durable",
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    ).map((r) => r.name);
    assert.ok(tables.includes("items"), `tables in the file: ${tables.join()}`);

    const second = await startTarget({ dataDir });
    try {
      await withConnection(second, "e2e_durable", async (c) => {
        assert.deepEqual(await rows(c, "SELECT id, name, price FROM items ORDER BY id"), [
          { id: 1, name: "apple", price: "1.25" },
          { id: 2, name: "pear", price: "3.00" },
        ]);
        const [r] = await c.query("INSERT INTO items (name) VALUES ('fig')") as unknown as [
          { insertId: number },
        ];
        assert.ok(
          r.insertId > 3,
          `AUTO_INCREMENT continues after a restart (got ${r.insertId}, ids 1-3 were used)`,
        );
        const dbs = (await rows<{ Database: string }>(c, "SHOW DATABASES")).map((x) => x.Database);
        assert.ok(dbs.includes("e2e_durable") && !dbs.includes("e2e_gone"), dbs.join());
      });
      await second.stop("SIGTERM");
    } catch (e) {
      await second.kill();
      failWithLogs(second, e);
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

Deno.test({
  name: "after SIGKILL committed transactions survive and uncommitted ones do not",
  ignore: EXTERNAL,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  await acrossSigkill(
    "marmot-e2e-crash-",
    async (first, open) => {
      await withConnection(first, undefined, async (c) => {
        await c.query("CREATE DATABASE e2e_crash");
        await c.query("USE e2e_crash");
        await c.query(
          "CREATE TABLE ledger (id INT NOT NULL PRIMARY KEY, note VARCHAR(40) NOT NULL)",
        );
        for (let i = 1; i <= 20; i++) {
          await c.execute("INSERT INTO ledger VALUES (?, ?)", [i, `autocommit-${i}`]);
        }
        await c.beginTransaction();
        await c.query(
          "INSERT INTO ledger VALUES (100, 'explicit-commit'), (101, 'explicit-commit')",
        );
        await c.query("UPDATE ledger SET note = 'updated-in-tx' WHERE id = 1");
        await c.commit();
        await c.query("SET autocommit = 0");
        await c.query("DELETE FROM ledger WHERE id = 2");
        await c.query("COMMIT");
      });
      const pending = await connect(first.port, { database: "e2e_crash" });
      open.push(pending);
      // A second open transaction, in another database so it does not wait for the first.
      await pending.query("CREATE DATABASE e2e_crash_other");
      await pending.query("CREATE TABLE e2e_crash_other.t (id INT PRIMARY KEY)");
      await pending.query("INSERT INTO e2e_crash_other.t VALUES (1)");
      await pending.beginTransaction();
      await pending.query("INSERT INTO ledger VALUES (200, 'uncommitted')");
      await pending.query("UPDATE ledger SET note = 'uncommitted-update' WHERE id = 3");
      const idle = await connect(first.port, { database: "e2e_crash_other" });
      open.push(idle);
      await idle.query("SET autocommit = 0");
      await idle.query("INSERT INTO t VALUES (2)");
      await idle.query("DELETE FROM t WHERE id = 1");
    },
    async (second) => {
      await withConnection(second, "e2e_crash", async (c) => {
        const got = await rows<{ id: number; note: string }>(
          c,
          "SELECT id, note FROM ledger ORDER BY id",
        );
        const ids = got.map((r) => r.id);
        const expectedIds = [1, ...Array.from({ length: 18 }, (_, i) => i + 3), 100, 101];
        assert.deepEqual(
          ids,
          expectedIds,
          "committed rows present, deleted row gone, uncommitted rows absent",
        );
        assert.equal(got.find((r) => r.id === 1)?.note, "updated-in-tx");
        assert.equal(
          got.find((r) => r.id === 3)?.note,
          "autocommit-3",
          "an uncommitted UPDATE is not applied",
        );
        assert.deepEqual(
          await rows(c, "SELECT id FROM e2e_crash_other.t"),
          [{ id: 1 }],
          "autocommit=0 work not committed",
        );
        await c.query("INSERT INTO ledger VALUES (200, 'after-restart')");
        assert.deepEqual(await rows(c, "SELECT note FROM ledger WHERE id = 200"), [{
          note: "after-restart",
        }]);
      });
    },
    (dataDir) => {
      const fromFile = readFile(
        dataDir,
        "e2e_crash",
        "SELECT id FROM ledger WHERE id >= 100 ORDER BY id",
      ).map((r) => Number(r.id));
      assert.deepEqual(fromFile, [100, 101, 200], "node:sqlite reads the same rows from the file");
    },
  );
});

Deno.test({
  name:
    "after SIGKILL a transaction committed beside another open one is there, the other's rows are not",
  ignore: EXTERNAL,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  await acrossSigkill(
    "marmot-e2e-side-",
    async (first, open) => {
      await withConnection(first, undefined, async (c) => {
        await c.query("CREATE DATABASE e2e_side");
        await c.query("USE e2e_side");
        await c.query("CREATE TABLE acct (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT)");
        await c.query("INSERT INTO acct (id, n) VALUES (1, 10), (2, 20), (3, 30)");
      });
      const committing = await connect(first.port, { database: "e2e_side" });
      const pending = await connect(first.port, { database: "e2e_side" });
      open.push(committing, pending);
      // Both write the same database side by side (src/storage/write_epoch.ts): the COMMIT
      // must not carry the open transaction's rows to disk.
      await committing.beginTransaction();
      await pending.beginTransaction();
      await committing.execute("UPDATE acct SET n = n + 1 WHERE id = ?", [1]);
      await pending.execute("UPDATE acct SET n = -1 WHERE id = ?", [2]);
      await pending.execute("DELETE FROM acct WHERE id = ?", [3]);
      await pending.execute("INSERT INTO acct (n) VALUES (?)", [99]);
      await committing.execute("INSERT INTO acct (id, n) VALUES (?, ?)", [10, 100]);
      await committing.commit();
      await pending.execute("UPDATE acct SET n = n + 5 WHERE id = ?", [10]);
    },
    async (second) => {
      await withConnection(second, "e2e_side", async (c) => {
        assert.deepEqual(await rows(c, "SELECT id, n FROM acct ORDER BY id"), [
          { id: 1, n: 11 },
          { id: 2, n: 20 },
          { id: 3, n: 30 },
          { id: 10, n: 100 },
        ]);
      });
    },
  );
});
