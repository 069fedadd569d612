import assert from "node:assert/strict";
import { AutoIdSource } from "../../../src/replication/auto_ids.ts";
import { ER, MysqlError } from "../../../src/types/errors.ts";

const INT = 32;
const BIGINT = 64;

Deno.test("AutoIdSource leaves ids to SQLite's sequence while the node is alone", () => {
  let alone = true;
  const ids = new AutoIdSource(3, "compact", () => alone ? [3] : [1, 2, 3]);
  assert.equal(ids.next("t", INT, 10n), null);
  assert.equal(ids.next("t", BIGINT, null), null);
  alone = false;
  assert.notEqual(ids.next("t", INT, 10n), null);
});

Deno.test("AutoIdSource gives BIGINT columns time-based ids, compact by default and 63-bit when extended", () => {
  const compact = new AutoIdSource(3, "compact", () => [1, 2, 3]);
  const a = compact.next("t", BIGINT, 5n)!;
  const b = compact.next("t", BIGINT, 5n)!;
  assert.ok(b > a && a > 2n ** 40n);
  assert.ok(b <= BigInt(Number.MAX_SAFE_INTEGER));
  assert.equal((a >> 6n) & 63n, 3n);
  const extended = new AutoIdSource(300, "extended", () => [1, 300]).next("t", BIGINT, null)!;
  assert.ok(extended > BigInt(Number.MAX_SAFE_INTEGER) && extended < 2n ** 63n);
  assert.equal((extended >> 6n) & 0xffffn, 300n);
});

Deno.test("AutoIdSource gives narrow columns ids of the node's class (its rank among the members) above the table's largest and its last", () => {
  // Node 7 is the second of members 2, 7, 9: ids ≡ 2 (mod 3).
  const ids = new AutoIdSource(7, "compact", () => [9, 2, 7]);
  assert.equal(ids.next("t", INT, null), 2n);
  assert.equal(ids.next("t", INT, null), 5n);
  assert.equal(ids.next("t", INT, 1_000n), 1_001n); // 1_001 = 333 * 3 + 2
  // A floor below the last id handed out (a rolled-back insert): still above the last.
  assert.equal(ids.next("t", INT, 3n), 1_004n);
  assert.equal(ids.next("t", INT, 1_004n), 1_007n);
  // Tables count separately.
  assert.equal(ids.next("u", INT, 5n), 8n);
  for (let i = 0; i < 50; i++) assert.equal(ids.next("t", INT, null)! % 3n, 2n);
});

Deno.test("AutoIdSource ids of the members of one cluster never collide and stay dense", () => {
  const members = [1, 2, 3, 64];
  const nodes = members.map((n) => new AutoIdSource(n, "compact", () => members));
  const seen = new Set<bigint>();
  let floor = 0n;
  for (let round = 0; round < 200; round++) {
    for (const node of nodes) {
      const id = node.next("t", INT, round % 3 === 0 ? floor : null)!;
      assert.ok(!seen.has(id), `id ${id} given twice`);
      seen.add(id);
      if (id > floor) floor = id;
    }
  }
  assert.ok(floor <= 800n + 4n, `800 ids reach ${floor}`);
});

Deno.test("AutoIdSource refuses an id beyond the column's width with 1062", () => {
  const ids = new AutoIdSource(7, "compact", () => [1, 7]);
  assert.equal(ids.next("tiny", 8, 125n), 126n);
  assert.throws(
    () => ids.next("tiny", 8, null), // 128 > 127
    (e: unknown) => e instanceof MysqlError && e.code === ER.DUP_ENTRY && /'128'/.test(e.message),
  );
  assert.equal(ids.next("small", 16, 32_765n), 32_766n);
  assert.throws(() => ids.next("small", 16, null), (e: unknown) => (e as MysqlError).code === 1062);
  assert.equal(
    new AutoIdSource(5, "compact", () => [5, 6]).next("int", INT, 2_147_483_000n),
    2_147_483_001n,
  );
});

Deno.test("AutoIdSource starts over on an empty table under a new schema version (DROP and CREATE, TRUNCATE)", () => {
  const ids = new AutoIdSource(1, "compact", () => [1, 2, 3]);
  assert.equal(ids.next("t", INT, null, 5), 1n);
  // Its first row is on its way (rolled back here while it commits everywhere): no reuse.
  assert.equal(ids.next("t", INT, null, 5), 4n);
  assert.equal(ids.next("t", INT, 29_998n, 5), 30_001n);
  // A DDL elsewhere in the database: the table has rows, its ids go on.
  assert.equal(ids.next("t", INT, 30_001n, 6), 30_004n);
  // DROP TABLE t; CREATE TABLE t: numbered from the start again, as MySQL does.
  assert.equal(ids.next("t", INT, null, 8), 1n);
  assert.equal(ids.next("t", INT, null, 8), 4n);
  assert.equal(ids.next("t", INT, 1n, 8), 7n);
});
