/**
 * Many clients moving money between accounts at once, as a bank would: each transfer is an
 * explicit transaction of two UPDATEs by key and a ledger INSERT, some roll back, some read the
 * whole table inside the transaction, and the conflicting ones are retried as MySQL clients
 * retry deadlocks. Transactions of point writes run side by side on one node
 * (src/storage/write_epoch.ts): every balance must still be the opening one plus what the
 * committed ledger rows say, a transaction's own total must never show another's half-done
 * transfer, and nothing rolled back may remain.
 */
import assert from "node:assert/strict";
import { connect, type Connection, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_transfers";
const ACCOUNTS = 20;
const OPENING = 1000;
const CLIENTS = 8;
const RUN_MS = 3000;

interface Tally {
  committed: number;
  rolledBack: number;
  retried: number;
}

/** One client: transfers until the time is up; returns what it did. */
async function client(port: number, seed: number, until: number): Promise<Tally> {
  const conn = await connect(port, { database: DB });
  const tally: Tally = { committed: 0, rolledBack: 0, retried: 0 };
  let n = seed;
  const random = (k: number) => {
    n = (n * 1103515245 + 12345) % 2147483648;
    return n % k;
  };
  try {
    while (Date.now() < until) {
      const src = 1 + random(ACCOUNTS);
      const dst = 1 + (src + random(ACCOUNTS - 1)) % ACCOUNTS;
      const amount = 1 + random(50);
      const action = random(10);
      try {
        await transfer(conn, { src, dst, amount, rollBack: action === 0, audit: action === 1 });
        if (action === 0) tally.rolledBack++;
        else tally.committed++;
      } catch (e) {
        const errno = (e as { errno?: number }).errno;
        if (errno !== 1213 && errno !== 1205) throw e;
        tally.retried++;
        await conn.query("ROLLBACK");
      }
    }
  } finally {
    await conn.end();
  }
  return tally;
}

async function transfer(
  conn: Connection,
  t: { src: number; dst: number; amount: number; rollBack: boolean; audit: boolean },
): Promise<void> {
  await conn.query("BEGIN");
  await conn.execute("UPDATE account SET balance = balance - ? WHERE id = ?", [t.amount, t.src]);
  await conn.execute("UPDATE account SET balance = balance + ? WHERE id = ?", [t.amount, t.dst]);
  await conn.execute("INSERT INTO ledger (src, dst, amount) VALUES (?, ?, ?)", [
    t.src,
    t.dst,
    t.amount,
  ]);
  if (t.audit) {
    // A read of the whole table inside the transaction: its own transfer is balanced and no
    // other open transaction's half is visible.
    const [{ total }] = await rows<{ total: number }>(
      conn,
      "SELECT CAST(SUM(balance) AS SIGNED) AS total FROM account",
    ) as [{ total: number }];
    assert.equal(Number(total), ACCOUNTS * OPENING, "the total seen inside a transaction");
  }
  await conn.query(t.rollBack ? "ROLLBACK" : "COMMIT");
}

e2eSuite("concurrent transfers keep every balance equal to its ledger", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE account (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, balance INT NOT NULL);
    CREATE TABLE ledger (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, src INT NOT NULL,
      dst INT NOT NULL, amount INT NOT NULL, KEY (src), KEY (dst));`);
  for (let id = 1; id <= ACCOUNTS; id++) {
    await setup.execute("INSERT INTO account VALUES (?, ?)", [id, OPENING]);
  }
  try {
    await step(`${CLIENTS} clients transfer for ${RUN_MS / 1000} s`, async () => {
      const until = Date.now() + RUN_MS;
      const tallies = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) => client(port, 7 + i * 7919, until)),
      );
      const committed = tallies.reduce((s, t) => s + t.committed, 0);
      const rolledBack = tallies.reduce((s, t) => s + t.rolledBack, 0);
      const retried = tallies.reduce((s, t) => s + t.retried, 0);
      console.log(
        `transfers: ${committed} committed, ${rolledBack} rolled back, ${retried} retried`,
      );
      assert.ok(committed > 100, `enough transfers committed (${committed})`);
      assert.ok(retried <= committed / 20, `few deadlocks reach the clients (${retried})`);
      const [{ entries }] = await rows<{ entries: number }>(
        setup,
        "SELECT COUNT(*) AS entries FROM ledger",
      ) as [{ entries: number }];
      assert.equal(Number(entries), committed, "one ledger row per committed transfer, no more");
    });

    await step("every balance is the opening one plus its ledger", async () => {
      const got = await rows<{ id: number; balance: number; expected: number }>(
        setup,
        `SELECT a.id, a.balance, ${OPENING}
           + COALESCE((SELECT SUM(amount) FROM ledger WHERE dst = a.id), 0)
           - COALESCE((SELECT SUM(amount) FROM ledger WHERE src = a.id), 0) AS expected
         FROM account AS a ORDER BY a.id`,
      );
      assert.equal(got.length, ACCOUNTS);
      for (const r of got) assert.equal(Number(r.balance), Number(r.expected), `account ${r.id}`);
    });
  } finally {
    await setup.end();
  }
});
