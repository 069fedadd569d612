/**
 * VersionedApplier on real SQLite files: changes captured on one node's database applied to
 * another's give the same rows; last writer wins per row by commit timestamp, deletes leave
 * tombstones, the commit log makes a second apply a no-op, and a failing transaction in a
 * batch undoes only itself.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { decodeTxn, encodeChanges, encodeTxn } from "../../../src/storage/committed_txn.ts";
import { rowKey } from "../../../src/types/row_change.ts";
import { committed, TestNode, ts } from "../replication/node_fixture.ts";

const SCHEMA = [
  "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), price DOUBLE, " +
  "stock BIGINT, photo BLOB, added DATE)",
  "CREATE TABLE pairs (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))",
  "CREATE TABLE log (msg VARCHAR(20))",
];

/** Two nodes on files with the same schema, removed after `fn`. */
function withTwoNodes(fn: (origin: TestNode, replica: TestNode) => void, schema = SCHEMA): void {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-apply-" });
  const origin = new TestNode(join(dir, "origin.db")).ddl(...schema);
  const replica = new TestNode(join(dir, "replica.db")).ddl(...schema);
  try {
    fn(origin, replica);
  } finally {
    origin.close();
    replica.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

let wall = 1_700_000_000_000;

/** Runs `sql` on `origin` and applies what it captured to `replica`, in its wire form. */
function replicate(origin: TestNode, replica: TestNode, sql: string): void {
  const rows = origin.write(sql);
  const txn = decodeTxn(encodeTxn(committed(ts(++wall), rows)));
  assert.deepEqual(replica.apply(txn), ["applied"]);
}

Deno.test("VersionedApplier gives a second database file the rows the first one has", () => {
  withTwoNodes((origin, replica) => {
    replicate(
      origin,
      replica,
      "INSERT INTO items VALUES (1, 'apple', 0.5, 9223372036854775807, x'00ff10', '2024-01-05 10:00'), " +
        "(2, 'pear', 1.25, -9223372036854775808, NULL, '2024-02-29'), (3, 'fig', 3, 0, x'', NULL); " +
        "INSERT INTO pairs VALUES (1, 'x', 1), (1, 'y', 2), (2, 'x', 3); " +
        "INSERT INTO log VALUES ('one'), ('two'), ('three')",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    replicate(
      origin,
      replica,
      "UPDATE items SET price = price * 2, photo = x'0102' WHERE id <= 2; DELETE FROM items WHERE id = 3; " +
        "UPDATE pairs SET b = 'z' WHERE a = 1 AND b = 'y'; DELETE FROM pairs WHERE a = 2; " +
        "UPDATE log SET msg = 'TWO' WHERE msg = 'two'; DELETE FROM log WHERE msg = 'one'; " +
        "INSERT INTO log VALUES ('four')",
    );
    const dump = origin.dump();
    assert.deepEqual(replica.dump(), dump);
    assert.deepEqual(dump.items!.map((r) => r.slice(1)), [
      [1n, "apple", 1, 9223372036854775807n, new Uint8Array([1, 2]), "2024-01-05"],
      [2n, "pear", 2.5, -9223372036854775808n, new Uint8Array([1, 2]), "2024-02-29"],
    ]);
    assert.deepEqual(dump.pairs!.map((r) => r.slice(1)), [[1n, "x", 1n], [1n, "z", 2n]]);
    assert.deepEqual(dump.log!.map((r) => r[1]), ["TWO", "three", "four"]);
  });
});

Deno.test("VersionedApplier moves a row whose primary key changed, and keys swapped in one transaction", () => {
  withTwoNodes((origin, replica) => {
    replicate(
      origin,
      replica,
      "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'); " +
        "INSERT INTO pairs VALUES (1, 'x', 1), (2, 'x', 2)",
    );
    replicate(origin, replica, "UPDATE items SET id = 10 WHERE id = 1");
    assert.deepEqual(replica.rows("SELECT id, name FROM items ORDER BY id"), [
      [2n, "b"],
      [3n, "c"],
      [10n, "a"],
    ]);
    // A key one row leaves and another takes within the transaction: both rows survive.
    replicate(
      origin,
      replica,
      "UPDATE items SET id = 20 WHERE id = 2; UPDATE items SET id = 2 WHERE id = 3; " +
        "UPDATE pairs SET a = 3 WHERE a = 2; UPDATE pairs SET a = 2 WHERE a = 1",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    assert.deepEqual(replica.rows("SELECT id, name FROM items ORDER BY id"), [
      [2n, "c"],
      [10n, "a"],
      [20n, "b"],
    ]);
    // A key deleted, then taken by another row.
    replicate(
      origin,
      replica,
      "DELETE FROM items WHERE id = 20; UPDATE items SET id = 20 WHERE id = 10; " +
        "DELETE FROM pairs WHERE a = 3; UPDATE pairs SET a = 3 WHERE a = 2",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    assert.deepEqual(replica.rows("SELECT id, name FROM items ORDER BY id"), [[2n, "c"], [
      20n,
      "a",
    ]]);
    assert.deepEqual(replica.rows("SELECT a, v FROM pairs"), [[3n, 1n]]);
    replicate(origin, replica, "INSERT INTO pairs VALUES (2, 'x', 2)");
    // Every key moves up by one, highest first, as UPDATE ... ORDER BY id DESC does.
    replicate(
      origin,
      replica,
      "UPDATE pairs SET a = 4 WHERE a = 3; UPDATE pairs SET a = 3 WHERE a = 2",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    assert.deepEqual(replica.rows("SELECT a, v FROM pairs ORDER BY a"), [[3n, 2n], [4n, 1n]]);
  });
});

Deno.test("VersionedApplier applies REPLACE INTO of an existing row and a delete then insert of one key", () => {
  withTwoNodes((origin, replica) => {
    replicate(origin, replica, "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')");
    replicate(
      origin,
      replica,
      "INSERT OR REPLACE INTO items (id, name) VALUES (1, 'A'); " +
        "DELETE FROM items WHERE id = 2; INSERT INTO items (id, name) VALUES (2, 'B')",
    );
    replicate(
      origin,
      replica,
      "INSERT OR REPLACE INTO items (id, name) VALUES (1, 'x'); DELETE FROM items WHERE id = 1",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    assert.deepEqual(replica.rows("SELECT id, name FROM items"), [[2n, "B"]]);
  });
});

Deno.test("VersionedApplier identifies rows of a table without primary key by rowid", () => {
  withTwoNodes((origin, replica) => {
    replicate(origin, replica, "INSERT INTO log VALUES ('a'), ('b')");
    const ids = origin.rows("SELECT rowid FROM log ORDER BY rowid").map((r) => r[0]);
    assert.deepEqual(ids, [1_000_000n, 1_000_001n]);
    replicate(
      origin,
      replica,
      "UPDATE log SET msg = 'B' WHERE msg = 'b'; DELETE FROM log WHERE msg = 'a'",
    );
    assert.deepEqual(replica.rows("SELECT rowid, msg FROM log"), [[1_000_001n, "B"]]);
    assert.deepEqual(replica.dump(), origin.dump());
  });
});

Deno.test("VersionedApplier skips, per row, a change older than the row's version", () => {
  withTwoNodes((origin, replica) => {
    replicate(origin, replica, "INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')");
    const newer = origin.write("UPDATE items SET name = 'new' WHERE id = 1");
    const older = origin.write(
      "UPDATE items SET name = 'old' WHERE id = 1; UPDATE items SET name = 'B' WHERE id = 2",
    );
    assert.deepEqual(replica.apply(committed(ts(wall + 20), newer)), ["applied"]);
    assert.deepEqual(replica.apply(committed(ts(wall + 10), older)), ["applied"]);
    assert.deepEqual(replica.rows("SELECT id, name FROM items ORDER BY id"), [
      [1n, "new"],
      [2n, "B"],
    ]);
    // Same wall and logical: the higher node id wins, in either order of arrival.
    const fromOne = origin.write("UPDATE items SET name = 'one' WHERE id = 2");
    const fromTwo = origin.write("UPDATE items SET name = 'two' WHERE id = 2");
    replica.apply(committed(ts(wall + 30, 5, 2), fromTwo));
    replica.apply(committed(ts(wall + 30, 5, 1), fromOne));
    assert.deepEqual(replica.rows("SELECT name FROM items WHERE id = 2"), [["two"]]);
    const fromThree = origin.write("UPDATE items SET name = 'three' WHERE id = 2");
    replica.apply(committed(ts(wall + 30, 5, 3), fromThree));
    assert.deepEqual(replica.rows("SELECT name FROM items WHERE id = 2"), [["three"]]);
    assert.deepEqual(
      replica.rows(
        "SELECT wall, logical, node, deleted FROM __marmot_row_version WHERE key = ?",
        rowKey("items", [2n]),
      ),
      [[BigInt(wall + 30), 5n, 3n, 0n]],
    );
  });
});

Deno.test("VersionedApplier keeps a deleted row deleted when an older insert or update arrives later", () => {
  withTwoNodes((origin, replica) => {
    const insert = origin.write("INSERT INTO items (id, name) VALUES (1, 'a')");
    const update = origin.write("UPDATE items SET name = 'b' WHERE id = 1");
    const del = origin.write("DELETE FROM items WHERE id = 1");
    replica.apply(committed(ts(wall + 30), del));
    replica.apply(committed(ts(wall + 10), insert));
    replica.apply(committed(ts(wall + 20), update));
    assert.deepEqual(replica.rows("SELECT * FROM items"), []);
    assert.deepEqual(
      replica.rows("SELECT deleted FROM __marmot_row_version WHERE key = ?", rowKey("items", [1n])),
      [[1n]],
    );
    // A newer insert brings it back.
    const again = origin.write("INSERT INTO items (id, name) VALUES (1, 'c')");
    replica.apply(committed(ts(wall + 40), again));
    assert.deepEqual(replica.rows("SELECT id, name FROM items"), [[1n, "c"]]);
  });
});

Deno.test("VersionedApplier applies a transaction once: the second apply is a duplicate", () => {
  withTwoNodes((origin, replica) => {
    const rows = origin.write("INSERT INTO log VALUES ('once')");
    const txn = committed(ts(++wall, 3, 7), rows);
    assert.equal(replica.applier.hasApplied(txn.txnId), false);
    assert.deepEqual(replica.apply(txn, txn), ["applied", "duplicate"]);
    assert.deepEqual(replica.apply(txn), ["duplicate"]);
    assert.equal(replica.applier.hasApplied(txn.txnId), true);
    assert.deepEqual(replica.rows("SELECT msg FROM log"), [["once"]]);
    const log = replica.rows(
      "SELECT txn_id, wall, logical, node, origin, payload FROM __marmot_commit_log",
    );
    assert.equal(log.length, 1);
    assert.deepEqual(log[0]!.slice(0, 5), [txn.txnId, BigInt(wall), 3n, 7n, 7n]);
    assert.deepEqual(decodeTxn(log[0]![5] as Uint8Array), txn);
  });
});

Deno.test("VersionedApplier logs pre-encoded changes byte for byte as it would encode them", () => {
  withTwoNodes((origin, replica) => {
    const rows = origin.write(
      "INSERT INTO items VALUES (7, 'plum', 2.5, 9007199254740993, x'00ff', '2024-03-01'); " +
        "INSERT INTO pairs VALUES (3, 'é', 4)",
    );
    const whole = committed(ts(++wall, 1, 2), rows);
    const spliced = { ...whole, encodedChanges: encodeChanges({ ddl: [], rows }) };
    // Compared as plain bytes (msgpackr hands out Buffers).
    const expected = new Uint8Array(encodeTxn(whole));
    assert.deepEqual(new Uint8Array(encodeTxn(spliced)), expected);
    assert.deepEqual(replica.apply(spliced), ["applied"]);
    const payload = replica.rows("SELECT payload FROM __marmot_commit_log")[0]![0];
    assert.deepEqual(new Uint8Array(payload as Uint8Array), expected);
    assert.deepEqual(decodeTxn(payload as Uint8Array), whole);
    assert.deepEqual(replica.dump(), origin.dump());
  });
});

/** Three transactions written on `origin`; the middle one also names a table that does not
 * exist, so applying it fails half-way. */
function batchWithFailure(origin: TestNode) {
  const first = committed(ts(++wall), origin.write("INSERT INTO log VALUES ('first')"));
  const partial = origin.write("INSERT INTO items (id, name) VALUES (5, 'half')");
  const failing = committed(ts(++wall), [
    ...partial,
    { ...partial[0]!, table: "missing", key: rowKey("missing", [1n]) },
  ]);
  const last = committed(ts(++wall), origin.write("INSERT INTO log VALUES ('last')"));
  return { first, failing, last };
}

Deno.test("VersionedApplier undoes only the failing transaction of a batch", () => {
  withTwoNodes((origin, replica) => {
    const { first, failing, last } = batchWithFailure(origin);
    replica.db.exec("BEGIN IMMEDIATE");
    assert.equal(replica.applier.apply(first), "applied");
    assert.throws(() => replica.applier.apply(failing), /missing/);
    assert.equal(replica.applier.apply(last), "applied");
    replica.db.exec("COMMIT");
    assert.deepEqual(replica.rows("SELECT msg FROM log ORDER BY rowid"), [["first"], ["last"]]);
    assert.deepEqual(replica.rows("SELECT * FROM items"), []);
    assert.equal(replica.applier.hasApplied(failing.txnId), false);
    assert.deepEqual(
      replica.rows(
        "SELECT count(*) FROM __marmot_row_version WHERE key = ?",
        rowKey("items", [5n]),
      ),
      [[0n]],
    );
  });
});

Deno.test("VersionedApplier.applyAll: a batch that fails halfway is applied again without the failing transaction", () => {
  withTwoNodes((origin, replica) => {
    const { first, failing, last } = batchWithFailure(origin);
    replica.db.exec("BEGIN IMMEDIATE");
    const outcomes = replica.applier.applyAll([first, failing, first, last]);
    replica.db.exec("COMMIT");
    assert.deepEqual(outcomes.map((o) => typeof o === "string" ? o : String(o.error)), [
      "applied",
      "Error: Table 'missing' doesn't exist",
      "duplicate",
      "applied",
    ]);
    assert.deepEqual(replica.rows("SELECT msg FROM log ORDER BY rowid"), [["first"], ["last"]]);
    assert.deepEqual(replica.rows("SELECT * FROM items"), []);
    assert.equal(replica.applier.hasApplied(failing.txnId), false);
    const more = committed(ts(++wall), origin.write("INSERT INTO log VALUES ('more')"));
    replica.db.exec("BEGIN IMMEDIATE");
    assert.deepEqual(replica.applier.applyAll([last, more]), ["duplicate", "applied"]);
    replica.db.exec("COMMIT");
    assert.deepEqual(replica.rows("SELECT count(*) FROM __marmot_commit_log"), [[3n]]);
  });
});

Deno.test("VersionedApplier runs a transaction's DDL through the runner before its rows and counts schema versions", () => {
  withTwoNodes((origin, replica) => {
    assert.equal(replica.applier.schemaVersion, 0);
    const sql = "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(5))";
    origin.ddl(sql);
    const rows = origin.write("INSERT INTO notes VALUES (1, 'hello world')");
    replica.apply(committed(ts(++wall), rows, { ddl: [{ sql, tables: ["notes"] }] }));
    assert.deepEqual(replica.rows("SELECT * FROM notes"), [[1n, "hello"]]);
    assert.equal(replica.applier.schemaVersion, 1);
    assert.equal(replica.schemaChanges, 1);
    // The catalog the DDL executor keeps knows the table (SHOW CREATE TABLE works there).
    assert.equal(
      replica.rows("SELECT count(*) FROM __marmot_mysql_schema WHERE name = 'notes'")[0]![0],
      1n,
    );
    // A failing DDL leaves the file and its version as they were.
    const bad = committed(ts(++wall), [], {
      ddl: [{ sql: "ALTER TABLE nowhere ADD x INT", tables: ["nowhere"] }],
    });
    assert.throws(() => replica.apply(bad), /nowhere/);
    assert.equal(replica.applier.schemaVersion, 1);
    assert.equal(replica.applier.hasApplied(bad.txnId), false);
    // The applier reads the new shape after an ALTER of a table it has written.
    const alter = "ALTER TABLE notes ADD COLUMN tag VARCHAR(3) DEFAULT 'x'";
    origin.ddl(alter);
    const more = origin.write(
      "INSERT INTO notes VALUES (2, 'b', 'y'); DELETE FROM notes WHERE id = 1",
    );
    replica.apply(committed(ts(++wall), more, { ddl: [{ sql: alter, tables: ["notes"] }] }));
    assert.equal(replica.applier.schemaVersion, 2);
    assert.deepEqual(replica.dump(), origin.dump());
  });
});

Deno.test("VersionedApplier.recordInPlace stamps the rows a local transaction wrote", () => {
  withTwoNodes((origin) => {
    const rows = origin.write(
      "INSERT INTO items (id, name) VALUES (1, 'local'); INSERT INTO log VALUES ('x')",
    );
    origin.db.exec("BEGIN IMMEDIATE");
    origin.applier.recordInPlace(committed(ts(wall + 50), rows, { txnId: "in-place" }));
    origin.db.exec("COMMIT");
    assert.equal(origin.applier.hasApplied("in-place"), true);
    // An older write from elsewhere loses against the in-place commit.
    const stale = [{
      ...rows.find((r) => r.table === "items")!,
      after: [1n, "stale", null, null, null, null],
    }];
    origin.apply(committed(ts(wall + 40), stale));
    assert.deepEqual(origin.rows("SELECT name FROM items"), [["local"]]);
  });
});

Deno.test("VersionedApplier keeps the ON UPDATE CURRENT_TIMESTAMP value the origin wrote", () => {
  withTwoNodes((origin, replica) => {
    replicate(origin, replica, "INSERT INTO stamped VALUES (1, 0, '2001-02-03 04:05:06')");
    replicate(origin, replica, "UPDATE stamped SET v = 1 WHERE id = 1");
    const [[stamp]] = origin.rows("SELECT changed FROM stamped") as [[string]];
    assert.notEqual(stamp, "2001-02-03 04:05:06");
    replicate(
      origin,
      replica,
      "UPDATE stamped SET v = 2, changed = '1999-12-31 23:59:59' WHERE id = 1",
    );
    assert.deepEqual(replica.dump(), origin.dump());
    assert.deepEqual(replica.rows("SELECT v, changed FROM stamped"), [[2n, "1999-12-31 23:59:59"]]);
  }, [
    "CREATE TABLE stamped (id INT PRIMARY KEY, v INT, " +
    "changed TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
  ]);
});

Deno.test("VersionedApplier converges on rows written concurrently under case variants of one case-insensitive key", () => {
  const schema = ["CREATE TABLE users (login VARCHAR(20) PRIMARY KEY, n INT)"];
  withTwoNodes((nodeA, nodeB) => {
    // Two coordinators insert their spelling, each before hearing of the other's.
    const fromA = committed(
      ts(++wall, 0, 1),
      nodeA.writeAndRollBack("INSERT INTO users VALUES ('abc', 1)"),
    );
    const fromB = committed(
      ts(++wall, 0, 2),
      nodeB.writeAndRollBack("INSERT INTO users VALUES ('ABC', 2)"),
    );
    // One row written by two transactions: the same intent key, so they conflict.
    assert.deepEqual(fromA.rows.map((r) => r.key), fromB.rows.map((r) => r.key));
    // Had both committed, nodes receive them in different orders: the later commit wins on both.
    nodeA.apply(fromA);
    nodeA.apply(fromB);
    nodeB.apply(fromB);
    nodeB.apply(fromA);
    assert.deepEqual(nodeA.dump(), nodeB.dump());
    assert.deepEqual(nodeA.rows("SELECT * FROM users"), [["ABC", 2n]]);
  }, schema);
});
