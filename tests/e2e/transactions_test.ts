/**
 * Transactions as MySQL users rely on them: BEGIN / START TRANSACTION / COMMIT /
 * ROLLBACK, savepoints, `SET autocommit=0`, implicit commits (DDL, a second BEGIN,
 * re-enabling autocommit), statement-level rollback on error, isolation between
 * connections, no lost update when two connections write the same row, and transactions
 * writing rows by key side by side (src/storage/write_epoch.ts) as InnoDB's row locks allow.
 */
import assert from "node:assert/strict";
import { cliOk, table } from "./support/cli.ts";
import { connect, type Connection, expectError, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";
import { within } from "./support/within.ts";

const DB = "e2e_tx";

async function names(conn: Connection): Promise<string[]> {
  return (await rows<{ name: string }>(conn, "SELECT name FROM t ORDER BY name")).map((r) =>
    r.name
  );
}

e2eSuite("transactions behave like MySQL's", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, UNIQUE KEY name (name));
    CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL);
    CREATE TABLE side (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL);
    INSERT INTO counter VALUES (1, 0);`);
  await setup.end();
  const a = await connect(port, { database: DB });
  const b = await connect(port, { database: DB });
  const reset = () => a.query("DELETE FROM t");
  try {
    await step("ROLLBACK discards and COMMIT keeps, for BEGIN and START TRANSACTION", async () => {
      await reset();
      await a.query("BEGIN");
      await a.query("INSERT INTO t (name) VALUES ('rolled-back')");
      assert.deepEqual(await names(a), ["rolled-back"], "a transaction sees its own writes");
      await a.query("ROLLBACK");
      assert.deepEqual(await names(a), []);
      await a.query("START TRANSACTION");
      await a.query("INSERT INTO t (name) VALUES ('committed')");
      await a.query("COMMIT");
      assert.deepEqual(await names(b), ["committed"]);
    });

    await step("other connections do not see uncommitted rows", async () => {
      await reset();
      await a.query("BEGIN");
      await a.query("INSERT INTO t (name) VALUES ('pending')");
      assert.deepEqual(await names(b), []);
      await a.query("COMMIT");
      assert.deepEqual(await names(b), ["pending"]);
    });

    await step("SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT", async () => {
      await reset();
      await a.query("BEGIN");
      await a.query("INSERT INTO t (name) VALUES ('s0')");
      await a.query("SAVEPOINT one");
      await a.query("INSERT INTO t (name) VALUES ('s1')");
      await a.query("SAVEPOINT two");
      await a.query("INSERT INTO t (name) VALUES ('s2')");
      await a.query("ROLLBACK TO SAVEPOINT two");
      assert.deepEqual(await names(a), ["s0", "s1"]);
      await a.query("ROLLBACK TO one");
      assert.deepEqual(await names(a), ["s0"]);
      await a.query("INSERT INTO t (name) VALUES ('s3')");
      await a.query("SAVEPOINT three");
      await a.query("RELEASE SAVEPOINT three");
      const err = await expectError(a.query("ROLLBACK TO SAVEPOINT three"), 1305, "42000");
      assert.match(err.message, /^SAVEPOINT three does not exist$/);
      await a.query("COMMIT");
      assert.deepEqual(await names(b), ["s0", "s3"]);
    });

    await step("SET autocommit=0 keeps work pending until COMMIT or ROLLBACK", async () => {
      await reset();
      await a.query("SET autocommit=0");
      assert.deepEqual(await rows(a, "SELECT @@autocommit AS ac"), [{ ac: 0 }]);
      await a.query("INSERT INTO t (name) VALUES ('ac-1')");
      assert.deepEqual(await names(b), []);
      await a.query("COMMIT");
      assert.deepEqual(await names(b), ["ac-1"]);
      await a.query("INSERT INTO t (name) VALUES ('ac-2')");
      await a.query("ROLLBACK");
      assert.deepEqual(await names(a), ["ac-1"]);
      await a.query("INSERT INTO t (name) VALUES ('ac-3')");
      await a.query("SET autocommit=1");
      assert.deepEqual(
        await names(b),
        ["ac-1", "ac-3"],
        "SET autocommit=1 commits the open transaction",
      );
      assert.deepEqual(await rows(a, "SELECT @@autocommit AS ac"), [{ ac: 1 }]);
    });

    await step("closing a connection rolls back its open transaction", async () => {
      await reset();
      const c = await connect(port, { database: DB });
      await c.query("SET autocommit=0");
      await c.query("INSERT INTO t (name) VALUES ('abandoned-1')");
      await c.end();
      const d = await connect(port, { database: DB });
      await d.query("BEGIN");
      await d.query("INSERT INTO t (name) VALUES ('abandoned-2')");
      d.destroy();
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await names(b), []);
      const insert = await within(b.query("INSERT INTO t (name) VALUES ('after')"), 10_000);
      assert.notEqual(insert, "timeout", "a write after the disconnects waited 10 s for a lock");
      assert.deepEqual(await names(a), ["after"], "the abandoned transactions left no lock behind");
    });

    await step(
      "DDL, a second BEGIN and an error inside a transaction follow MySQL's rules",
      async () => {
        await reset();
        await a.query("BEGIN");
        await a.query("INSERT INTO t (name) VALUES ('before-ddl')");
        await a.query("CREATE TABLE tx_ddl (id INT PRIMARY KEY)");
        await a.query("ROLLBACK");
        assert.deepEqual(await names(b), ["before-ddl"], "DDL commits the open transaction");
        await a.query("BEGIN");
        await a.query("INSERT INTO t (name) VALUES ('before-begin')");
        await a.query("BEGIN");
        await a.query("ROLLBACK");
        assert.deepEqual(
          await names(b),
          ["before-begin", "before-ddl"],
          "BEGIN commits the open transaction",
        );
        await a.query("BEGIN");
        await a.query("INSERT INTO t (name) VALUES ('kept')");
        await expectError(a.query("INSERT INTO t (name) VALUES ('kept')"), 1062, "23000");
        await a.query("INSERT INTO t (name) VALUES ('also-kept')");
        await a.query("COMMIT");
        assert.deepEqual(
          await names(b),
          ["also-kept", "before-begin", "before-ddl", "kept"],
          "a failed statement does not abort the transaction",
        );
      },
    );

    await step(
      "a transaction's reads are repeatable while another connection commits",
      async () => {
        await a.query("UPDATE counter SET n = 10 WHERE id = 1");
        await a.query("BEGIN");
        assert.deepEqual(await rows(a, "SELECT n FROM counter WHERE id = 1"), [{ n: 10 }]);
        const write = b.query("UPDATE counter SET n = 20 WHERE id = 1");
        const done = await within(write, 5000);
        if (done === "timeout") {
          await a.query("COMMIT");
          await write;
          assert.fail("a read-only transaction blocked another connection's UPDATE for 5 s");
        }
        assert.deepEqual(
          await rows(a, "SELECT n FROM counter WHERE id = 1"),
          [{ n: 10 }],
          "REPEATABLE READ snapshot",
        );
        await a.query("COMMIT");
        assert.deepEqual(await rows(a, "SELECT n FROM counter WHERE id = 1"), [{ n: 20 }]);
      },
    );

    await step("two connections incrementing the same row lose no update", async () => {
      await a.query("UPDATE counter SET n = 0 WHERE id = 1");
      await a.query("BEGIN");
      await a.query("UPDATE counter SET n = n + 1 WHERE id = 1");
      const second = b.query("UPDATE counter SET n = n + 1 WHERE id = 1").then(
        () => "ok" as const,
        (e: { errno: number }) => e.errno,
      );
      await new Promise((r) => setTimeout(r, 300));
      await a.query("COMMIT");
      const outcome = await within(second, 60_000);
      const [{ n }] = await rows<{ n: number }>(a, "SELECT n FROM counter WHERE id = 1") as [
        { n: number },
      ];
      if (outcome === "ok") {
        assert.equal(n, 2, "the waiting UPDATE applied after the COMMIT");
      } else {
        // MySQL waits for the row lock; a conflict reported as a retryable deadlock is allowed
        assert.equal(outcome, 1213, "a conflicting write either waits or fails with 1213");
        assert.equal(n, 1);
      }
    });

    await step(
      "a CLI session with autocommit=0 that exits without COMMIT leaves nothing",
      async () => {
        const out = await cliOk(
          port,
          `USE ${DB};
DELETE FROM t;
SET autocommit=0;
INSERT INTO t (name) VALUES ('cli-uncommitted');
SELECT COUNT(*) AS n FROM t;
`,
        );
        assert.equal(out, table([["n"], ["1"]]));
        const after = await cliOk(
          port,
          `USE ${DB};
SELECT COUNT(*) AS n FROM t;
BEGIN;
INSERT INTO t (name) VALUES ('cli-1');
SAVEPOINT sp;
INSERT INTO t (name) VALUES ('cli-2');
ROLLBACK TO SAVEPOINT sp;
COMMIT;
SELECT name FROM t ORDER BY name;
`,
        );
        assert.equal(after, table([["n"], ["0"]], [["name"], ["cli-1"]]));
      },
    );

    await step(
      "KILL ends another connection and rolls its transaction back; KILL QUERY ends a SLEEP",
      async () => {
        await reset();
        const victim = await connect(port, { database: DB });
        victim.on("error", () => {});
        try {
          await victim.query("BEGIN");
          await victim.query("INSERT INTO t (name) VALUES ('killed')");
          await b.query(`KILL QUERY ${victim.threadId}`);
          assert.deepEqual(await names(victim), ["killed"], "KILL QUERY keeps the connection");
          await b.query(`KILL CONNECTION ${victim.threadId}`);
          await assert.rejects(victim.query("SELECT 1"), "the killed connection is closed");
          // Rolled back, its lock released: the same unique name can be written now.
          const write = b.query("INSERT INTO t (name) VALUES ('killed')");
          assert.notEqual(await within(write, 2000), "timeout", "the write waited for the lock");
          assert.deepEqual(await names(b), ["killed"]);
          const listed = await rows<{ Id: number }>(b, "SHOW PROCESSLIST");
          assert.ok(!listed.some((r) => Number(r.Id) === victim.threadId), "gone from the list");
        } finally {
          victim.destroy();
        }
        await expectError(b.query("KILL 987654"), 1094, "HY000");
        // SLEEP waits without holding up other clients, and KILL QUERY ends the wait.
        const sleeper = await connect(port);
        try {
          const started = Date.now();
          const [slept] = await sleeper.query("SELECT SLEEP(0.3) AS s");
          assert.deepEqual(slept, [{ s: 0 }]);
          assert.ok(Date.now() - started >= 290, `SLEEP(0.3) took ${Date.now() - started} ms`);
          // Checked from the start: its error may arrive before the KILL's own answer.
          const long = expectError(sleeper.query("SELECT SLEEP(30)"), 1317, "70100");
          await new Promise((r) => setTimeout(r, 200));
          assert.deepEqual(await names(b), ["killed"], "another client is served meanwhile");
          await b.query(`KILL QUERY ${sleeper.threadId}`);
          await long;
          assert.ok(Date.now() - started < 10_000, "the killed SLEEP ended early");
          const [after] = await sleeper.query("SELECT 1 AS one");
          assert.deepEqual(after, [{ one: 1 }], "KILL QUERY keeps the connection");
        } finally {
          sleeper.destroy();
        }
        const self = await connect(port);
        // The server closes the connection after its answer: mysql2 reports that as an error
        // event, which is expected here.
        self.on("error", () => {});
        await expectError(self.query("KILL CONNECTION_ID()"), 1317, "70100");
        self.destroy();
      },
    );
    await step(
      "GET_LOCK waits for the holder up to its timeout; locks end with their connection",
      async () => {
        const holder = await connect(port);
        const [got] = await holder.query("SELECT GET_LOCK('e2e_job', 10) AS g");
        assert.deepEqual(got, [{ g: 1 }]);
        const started = Date.now();
        const [timedOut] = await b.query("SELECT GET_LOCK('e2e_job', 0.3) AS g");
        assert.deepEqual(timedOut, [{ g: 0 }]);
        assert.ok(Date.now() - started >= 290, "GET_LOCK waited for its timeout");
        const [used] = await b.query(
          "SELECT IS_FREE_LOCK('e2e_job') AS free, IS_USED_LOCK('e2e_job') AS holder",
        );
        assert.deepEqual(used, [{ free: 0, holder: holder.threadId }]);
        assert.deepEqual((await b.query("SELECT RELEASE_LOCK('e2e_job') AS r"))[0], [{ r: 0 }]);
        // A waiter gets the lock as soon as its holder's connection ends.
        const waiting = b.query("SELECT GET_LOCK('e2e_job', 20) AS g");
        await new Promise((r) => setTimeout(r, 200));
        holder.destroy();
        assert.deepEqual((await waiting)[0], [{ g: 1 }]);
        assert.ok(Date.now() - started < 10_000, "the waiter did not wait for its timeout");
        const [released] = await b.query(
          "SELECT RELEASE_LOCK('e2e_job') AS r, RELEASE_LOCK('e2e_job') AS again",
        );
        assert.deepEqual(released, [{ r: 1, again: null }]);
      },
    );
    await step(
      "transactions writing rows by key go side by side: a COMMIT does not wait for another",
      async () => {
        await a.query("DELETE FROM side");
        await a.query("INSERT INTO side (id, v) VALUES (1, 1), (2, 2), (3, 3)");
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.execute("UPDATE side SET v = v + 10 WHERE id = ?", [1]);
        await within(b.execute("UPDATE side SET v = v + 20 WHERE id = ?", [2]), 5_000)
          .then((r) => assert.notEqual(r, "timeout", "the second writer did not wait"));
        await b.execute("INSERT INTO side (v) VALUES (?)", [40]);
        await a.execute("DELETE FROM side WHERE id = ?", [3]);
        assert.notEqual(await within(a.query("COMMIT"), 5_000), "timeout", "COMMIT returned");
        const c = await connect(port, { database: DB });
        try {
          assert.deepEqual(await rows(c, "SELECT id, v FROM side ORDER BY id"), [
            { id: 1, v: 11 },
            { id: 2, v: 2 },
          ], "the committed transaction's rows and none of the open one's");
          await b.query("COMMIT");
          assert.deepEqual(await rows(c, "SELECT id, v FROM side ORDER BY id"), [
            { id: 1, v: 11 },
            { id: 2, v: 22 },
            { id: 4, v: 40 },
          ]);
        } finally {
          await c.end();
        }
      },
    );

    await step(
      "a write to a row another open transaction changed waits for its COMMIT",
      async () => {
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.execute("DELETE FROM side WHERE id = ?", [1]);
        const deleted = b.execute("DELETE FROM side WHERE id = ?", [1]);
        assert.equal(await within(deleted, 300), "timeout", "the DELETE waits for the row");
        await a.execute("INSERT INTO side (id, v) VALUES (?, ?)", [1, 100]);
        await a.query("COMMIT");
        const [result] = await deleted as unknown as [{ affectedRows: number }];
        assert.equal(result.affectedRows, 1, "it deleted the row the other transaction wrote");
        await b.execute("INSERT INTO side (id, v) VALUES (?, ?)", [1, 200]);
        await b.query("COMMIT");
        assert.deepEqual(await rows(a, "SELECT v FROM side WHERE id = 1"), [{ v: 200 }]);
      },
    );

    await step("ROLLBACK undoes only its own rows while another transaction commits", async () => {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.execute("UPDATE side SET v = -1 WHERE id = ?", [1]);
      await a.execute("DELETE FROM side WHERE id = ?", [2]);
      await a.execute("INSERT INTO side (id, v) VALUES (?, ?)", [50, 50]);
      await b.execute("UPDATE side SET v = v + 1 WHERE id = ?", [4]);
      await a.query("ROLLBACK");
      await b.query("COMMIT");
      assert.deepEqual(await rows(a, "SELECT id, v FROM side ORDER BY id"), [
        { id: 1, v: 200 },
        { id: 2, v: 22 },
        { id: 4, v: 41 },
      ]);
    });

    await step(
      "a statement that does not name its rows by key waits for the other open transactions",
      async () => {
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.execute("UPDATE side SET v = v + 1 WHERE id = ?", [1]);
        const range = b.query("UPDATE side SET v = v * 2 WHERE v > 0");
        assert.equal(await within(range, 300), "timeout", "the range UPDATE waits");
        await a.query("COMMIT");
        await range;
        await b.query("COMMIT");
        assert.deepEqual(await rows(a, "SELECT id, v FROM side ORDER BY id"), [
          { id: 1, v: 402 },
          { id: 2, v: 44 },
          { id: 4, v: 82 },
        ]);
      },
    );

    await step(
      "two transactions of point writes waiting for each other both commit, one after the other",
      async () => {
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.execute("UPDATE side SET v = 0 WHERE id = ?", [1]);
        await b.execute("UPDATE side SET v = 0 WHERE id = ?", [2]);
        const first = a.execute("UPDATE side SET v = 7 WHERE id = ?", [2]);
        await new Promise((r) => setTimeout(r, 100));
        // InnoDB would end one with 1213; here it runs its statements again after the other.
        const second = b.execute("UPDATE side SET v = 8 WHERE id = ?", [1]);
        assert.notEqual(await within(first, 5_000), "timeout", "the first goes on");
        await a.query("COMMIT");
        assert.notEqual(await within(second, 5_000), "timeout", "the second goes on");
        await b.query("COMMIT");
        assert.deepEqual(await rows(a, "SELECT id, v FROM side ORDER BY id"), [
          { id: 1, v: 8 },
          { id: 2, v: 0 },
          { id: 4, v: 82 },
        ]);
      },
    );
    await step(
      "two transactions of point writes that then both need to be alone both commit",
      async () => {
        await a.query("BEGIN");
        await b.query("BEGIN");
        await a.execute("UPDATE side SET v = v + 1 WHERE id = ?", [1]);
        await b.execute("UPDATE side SET v = v + 1 WHERE id = ?", [2]);
        const first = a.query("UPDATE side SET v = v * 10 WHERE v > 0");
        await new Promise((r) => setTimeout(r, 100));
        // InnoDB would make one wait for the other's rows; here one steps back and runs its
        // statements again once the other is done.
        const second = b.query("UPDATE side SET v = v * 100 WHERE v > 0");
        assert.notEqual(await within(first, 5_000), "timeout", "the first goes on");
        await a.query("COMMIT");
        assert.notEqual(await within(second, 5_000), "timeout", "the second goes on");
        await b.query("COMMIT");
        assert.deepEqual(await rows(a, "SELECT id, v FROM side ORDER BY id"), [
          { id: 1, v: 9000 },
          { id: 2, v: 100 },
          { id: 4, v: 82000 },
        ]);
      },
    );
  } finally {
    await a.end();
    await b.end();
  }
});
