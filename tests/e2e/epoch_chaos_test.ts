/**
 * Explicit transactions writing side by side (src/storage/write_epoch.ts) seen from outside, as
 * applications use them: read-modify-write under SELECT ... FOR UPDATE loses no update, and a
 * ROLLBACK of rows with foreign keys puts them back (neither refused nor cascaded).
 */
import assert from "node:assert/strict";
import { connect, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";
import { within } from "./support/within.ts";

const DB = "e2e_epoch_chaos";

e2eSuite("write epochs as applications use them", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE account (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, balance INT NOT NULL);
    INSERT INTO account VALUES (1, 1000), (2, 1000);`);
  const a = await connect(port, { database: DB });
  const b = await connect(port, { database: DB });
  try {
    await step("SELECT ... FOR UPDATE waits for the row and reads it as committed", async () => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      const [{ balance: seenByA }] = await rows<{ balance: number }>(
        a,
        "SELECT balance FROM account WHERE id = 1 FOR UPDATE",
      ) as [{ balance: number }];
      const locked = rows<{ balance: number }>(
        b,
        "SELECT balance FROM account WHERE id = 1 FOR UPDATE",
      );
      assert.equal(await within(locked, 300), "timeout", "the second locking read waits");
      await a.execute("UPDATE account SET balance = ? WHERE id = 1", [seenByA - 100]);
      await a.query("COMMIT");
      const [{ balance: seenByB }] = await locked as [{ balance: number }];
      assert.equal(seenByB, 900, "the second locking read sees the first's commit");
      await b.execute("UPDATE account SET balance = ? WHERE id = 1", [seenByB - 50]);
      await b.query("COMMIT");
      assert.deepEqual(await rows(setup, "SELECT balance FROM account WHERE id = 1"), [
        { balance: 850 },
      ]);
    });

    await step("concurrent FOR UPDATE transfers keep the total", async () => {
      const clients = await Promise.all(
        Array.from({ length: 6 }, () => connect(port, { database: DB })),
      );
      const until = Date.now() + 1500;
      let committed = 0;
      try {
        await Promise.all(clients.map(async (c, n) => {
          for (let i = 0; Date.now() < until; i++) {
            const [src, dst] = (n + i) % 2 === 0 ? [1, 2] : [2, 1];
            try {
              await c.query("BEGIN");
              const [{ balance }] = await rows<{ balance: number }>(
                c,
                `SELECT balance FROM account WHERE id = ${src} FOR UPDATE`,
              ) as [{ balance: number }];
              await c.execute("UPDATE account SET balance = ? WHERE id = ?", [balance - 1, src]);
              await c.execute("UPDATE account SET balance = balance + 1 WHERE id = ?", [dst]);
              await c.query("COMMIT");
              committed++;
            } catch (e) {
              const errno = (e as { errno?: number }).errno;
              if (errno !== 1213 && errno !== 1205) throw e;
              await c.query("ROLLBACK");
            }
          }
        }));
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
      assert.ok(committed > 10, `transfers committed (${committed})`);
      assert.deepEqual(
        await rows(setup, "SELECT CAST(SUM(balance) AS SIGNED) AS total FROM account"),
        [{ total: 1850 }],
      );
    });
    await step("KILL of a connection waiting for a row frees the rows it held", async () => {
      const killed = await connect(port, { database: DB });
      const other = await connect(port, { database: DB });
      const balances = () => rows(setup, "SELECT id, balance FROM account ORDER BY id");
      const [one, two] = await balances() as [{ balance: number }, { balance: number }];
      try {
        await a.query("BEGIN");
        await a.execute("UPDATE account SET balance = balance + 1 WHERE id = ?", [1]);
        await killed.query("BEGIN");
        await killed.execute("UPDATE account SET balance = balance + 1 WHERE id = ?", [2]);
        // Writing already (no row 3): a checkpoint queued behind the open transactions keeps
        // new ones from joining, not this one.
        await other.query("BEGIN");
        await other.execute("UPDATE account SET balance = 0 WHERE id = ?", [3]);
        const waiting = killed.execute("UPDATE account SET balance = balance + 1 WHERE id = ?", [1])
          .then(() => "ran", (e: { errno?: number }) => e.errno);
        await new Promise((r) => setTimeout(r, 200));
        await setup.query(`KILL ${killed.threadId}`);
        assert.notEqual(await within(waiting, 2_000), "timeout", "the waiting statement ended");
        const freed = other.execute("UPDATE account SET balance = balance + 5 WHERE id = ?", [2]);
        assert.notEqual(await within(freed, 2_000), "timeout", "the killed one's row is free");
        await other.query("COMMIT");
        await a.query("COMMIT");
        assert.deepEqual(await balances(), [
          { id: 1, balance: one.balance + 1 },
          { id: 2, balance: two.balance + 5 },
        ], "the killed transaction rolled back");
        await setup.query("UPDATE account SET balance = balance - 1 WHERE id = 1");
        await setup.query("UPDATE account SET balance = balance - 5 WHERE id = 2");
      } finally {
        killed.destroy();
        await other.end();
      }
    });

    await step("ROLLBACK of writes to tables with foreign keys puts every row back", async () => {
      await setup.query(`CREATE TABLE parent (id INT NOT NULL PRIMARY KEY, v INT NOT NULL);
        CREATE TABLE child (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, pid INT NOT NULL,
          FOREIGN KEY (pid) REFERENCES parent (id));
        CREATE TABLE owned (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, pid INT NOT NULL,
          FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE);
        INSERT INTO parent VALUES (1, 1), (2, 2);
        INSERT INTO child (pid) VALUES (1); INSERT INTO owned (pid) VALUES (2);`);
      const state = () =>
        rows(
          setup,
          `SELECT (SELECT GROUP_CONCAT(CONCAT(id, ':', v) ORDER BY id) FROM parent) AS parents,
             (SELECT COUNT(*) FROM child) AS children, (SELECT COUNT(*) FROM owned) AS owned`,
        );
      const before = await state();
      for (const id of [1, 2]) {
        await a.query("BEGIN");
        await a.execute("UPDATE parent SET v = 100 WHERE id = ?", [id]);
        await a.query("ROLLBACK");
      }
      await a.query("BEGIN");
      await a.query("DELETE FROM child WHERE pid = 1");
      await a.query("DELETE FROM parent WHERE id = 1");
      await a.query("INSERT INTO parent VALUES (3, 3)");
      await a.query("INSERT INTO child (pid) VALUES (3)");
      await a.query("ROLLBACK");
      assert.deepEqual(await state(), before);
      await a.query("BEGIN");
      await a.execute("UPDATE parent SET v = 20 WHERE id = ?", [2]);
      await a.query("COMMIT");
      assert.deepEqual(await state(), [{ parents: "1:1,2:20", children: 1, owned: 1 }]);
    });
  } finally {
    await a.end();
    await b.end();
    await setup.end();
  }
});
