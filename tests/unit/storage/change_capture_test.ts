/**
 * ChangeCapture on a real SQLite connection set up as a node's write connection is: every
 * MySQL function registered (as main.ts does) and tables made by the DDL executor, so the
 * coercion and ON UPDATE CURRENT_TIMESTAMP triggers are there. Statements are the SQLite SQL
 * the translator emits (REPLACE INTO is INSERT OR REPLACE).
 */
import assert from "node:assert/strict";
import { type RowChange, rowKey } from "../../../src/types/row_change.ts";
import { TestNode } from "../replication/node_fixture.ts";

/** A node whose tables are made by `ddl`. */
class Writer extends TestNode {
  constructor(...ddl: string[]) {
    super();
    this.ddl(...ddl);
  }

  /** Runs `sql` in one transaction; returns the captured changes and commits. */
  txn(sql: string): RowChange[] {
    return this.write(sql);
  }
}

/** The changes without their column lists (asserted once per table). */
function brief(changes: RowChange[]): Array<Omit<RowChange, "columns">> {
  return changes.map(({ columns: _c, ...rest }) => rest);
}

Deno.test("ChangeCapture gives full before and after images of an insert, an update and a delete", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), qty INT)");
  w.db.exec("INSERT INTO t VALUES (1, 'apple', 5), (2, 'pear', 7)");
  const changes = w.txn(
    "INSERT INTO t VALUES (3, 'plum', 1); UPDATE t SET qty = 6 WHERE id = 1; DELETE FROM t WHERE id = 2",
  );
  assert.deepEqual(changes.map((c) => c.columns), [["id", "name", "qty"], ["id", "name", "qty"], [
    "id",
    "name",
    "qty",
  ]]);
  assert.deepEqual(brief(changes), [
    {
      table: "t",
      op: "update",
      key: rowKey("t", [1n]),
      before: [1n, "apple", 5n],
      after: [1n, "apple", 6n],
    },
    { table: "t", op: "delete", key: rowKey("t", [2n]), before: [2n, "pear", 7n], after: null },
    { table: "t", op: "insert", key: rowKey("t", [3n]), before: null, after: [3n, "plum", 1n] },
  ]);
});

Deno.test("ChangeCapture leaves out a row inserted, updated and deleted in one transaction, and a row changed back", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
  w.db.exec("INSERT INTO t VALUES (1, 10)");
  assert.deepEqual(
    w.txn(
      "INSERT INTO t VALUES (2, 1); UPDATE t SET v = 2 WHERE id = 2; DELETE FROM t WHERE id = 2",
    ),
    [],
  );
  assert.deepEqual(w.txn("UPDATE t SET v = 11 WHERE id = 1; UPDATE t SET v = 10 WHERE id = 1"), []);
  assert.deepEqual(w.rows("SELECT * FROM t"), [[1n, 10n]]);
});

Deno.test("ChangeCapture makes a delete then an insert of the same key one update", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
  w.db.exec("INSERT INTO t VALUES (1, 'old')");
  const changes = w.txn("DELETE FROM t WHERE id = 1; INSERT INTO t VALUES (1, 'new')");
  assert.deepEqual(brief(changes), [{
    table: "t",
    op: "update",
    key: rowKey("t", [1n]),
    before: [1n, "old"],
    after: [1n, "new"],
  }]);
});

Deno.test("ChangeCapture captures REPLACE INTO of an existing row as an update, and its later delete", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
  w.db.exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  assert.deepEqual(brief(w.txn("INSERT OR REPLACE INTO t VALUES (1, 'z')")), [{
    table: "t",
    op: "update",
    key: rowKey("t", [1n]),
    before: [1n, "a"],
    after: [1n, "z"],
  }]);
  // The row REPLACE rewrote existed before the transaction: deleting it must replicate.
  assert.deepEqual(
    brief(w.txn("INSERT OR REPLACE INTO t VALUES (2, 'y'); DELETE FROM t WHERE id = 2")),
    [{ table: "t", op: "delete", key: rowKey("t", [2n]), before: [2n, "b"], after: null }],
  );
  assert.deepEqual(w.rows("SELECT * FROM t"), [[1n, "z"]]);
});

Deno.test("ChangeCapture captures the row REPLACE INTO removes through a unique key of a table without primary key", () => {
  const w = new Writer("CREATE TABLE t (code INT UNIQUE, v VARCHAR(10))");
  w.db.exec("INSERT INTO t (rowid, code, v) VALUES (7, 1, 'old')");
  const changes = w.txn("INSERT OR REPLACE INTO t VALUES (1, 'new')");
  assert.deepEqual(
    brief(changes),
    [
      {
        table: "t",
        op: "insert",
        key: rowKey("t", [w.nextRowid - 1n]),
        rowid: w.nextRowid - 1n,
        before: null,
        after: [1n, "new"],
      },
      {
        table: "t",
        op: "delete",
        key: rowKey("t", [7n]),
        rowid: 7n,
        before: [1n, "old"],
        after: null,
      },
    ].sort((a, b) => (a.key < b.key ? -1 : 1)),
  );
});

Deno.test("ChangeCapture gives an UPDATE of the primary key the new key and the old one", () => {
  const w = new Writer(
    "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
    "CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))",
  );
  w.db.exec("INSERT INTO t VALUES (1, 'x'); INSERT INTO a VALUES (1, 'y')");
  assert.deepEqual(brief(w.txn("UPDATE t SET id = 5 WHERE id = 1")), [{
    table: "t",
    op: "update",
    key: rowKey("t", [5n]),
    oldKey: rowKey("t", [1n]),
    before: [1n, "x"],
    after: [5n, "x"],
  }]);
  // AUTO_INCREMENT columns are the rowid itself: the rowid moves with the key.
  assert.deepEqual(brief(w.txn("UPDATE a SET id = 9 WHERE id = 1")), [{
    table: "a",
    op: "update",
    key: rowKey("a", [9n]),
    oldKey: rowKey("a", [1n]),
    before: [1n, "y"],
    after: [9n, "y"],
  }]);
});

Deno.test("ChangeCapture keys rows of a composite primary key by every key column, in key order", () => {
  const w = new Writer(
    "CREATE TABLE t (v VARCHAR(10), b VARCHAR(5), a INT, PRIMARY KEY (a, b))",
  );
  w.db.exec("INSERT INTO t VALUES ('one', 'x', 1), ('two', 'y', 1)");
  const changes = w.txn(
    "UPDATE t SET v = 'uno' WHERE a = 1 AND b = 'x'; UPDATE t SET b = 'z' WHERE b = 'y'",
  );
  assert.deepEqual(brief(changes), [
    {
      table: "t",
      op: "update",
      key: rowKey("t", [1n, "x"]),
      before: ["one", "x", 1n],
      after: ["uno", "x", 1n],
    },
    {
      table: "t",
      op: "update",
      key: rowKey("t", [1n, "z"]),
      oldKey: rowKey("t", [1n, "y"]),
      before: ["two", "y", 1n],
      after: ["two", "z", 1n],
    },
  ]);
  assert.notEqual(rowKey("t", [1n, "x"]), rowKey("t", ["1", "x"]));
});

Deno.test("ChangeCapture identifies rows of a table without primary key by rowid; new rows get the generator's ids", () => {
  const w = new Writer("CREATE TABLE log (msg VARCHAR(20))");
  w.db.exec("INSERT INTO log (rowid, msg) VALUES (5, 'kept')");
  w.begin();
  w.db.exec("INSERT INTO log VALUES ('a'), ('b'); UPDATE log SET msg = 'changed' WHERE rowid = 5");
  const changes = w.commit();
  assert.deepEqual(brief(changes), [
    {
      table: "log",
      op: "insert",
      key: rowKey("log", [1_000_000n]),
      rowid: 1_000_000n,
      before: null,
      after: ["a"],
    },
    {
      table: "log",
      op: "insert",
      key: rowKey("log", [1_000_001n]),
      rowid: 1_000_001n,
      before: null,
      after: ["b"],
    },
    {
      table: "log",
      op: "update",
      key: rowKey("log", [5n]),
      rowid: 5n,
      before: ["kept"],
      after: ["changed"],
    },
  ]);
  // rekeyInPlace moved the new rows to the ids their changes carry.
  assert.deepEqual(w.rows("SELECT rowid, msg FROM log ORDER BY rowid"), [
    [5n, "changed"],
    [1_000_000n, "a"],
    [1_000_001n, "b"],
  ]);
  assert.deepEqual(brief(w.txn("DELETE FROM log WHERE msg = 'a'")), [
    {
      table: "log",
      op: "delete",
      key: rowKey("log", [1_000_000n]),
      rowid: 1_000_000n,
      before: ["a"],
      after: null,
    },
  ]);
});

Deno.test("ChangeCapture captures values as our coercion triggers stored them", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, d DATE, s VARCHAR(3), n TINYINT)");
  const [change] = w.txn("INSERT INTO t VALUES (1, '2024-01-05 10:00', 'abcdef', 300)");
  assert.deepEqual(change!.after, [1n, "2024-01-05", "abc", 127n]);
  assert.deepEqual(w.rows("SELECT * FROM t"), [change!.after]);
  const [update] = w.txn("UPDATE t SET d = '2024-02-29 23:59:59' WHERE id = 1");
  assert.deepEqual(update!.after, [1n, "2024-02-29", "abc", 127n]);
});

Deno.test("ChangeCapture captures an ON UPDATE CURRENT_TIMESTAMP column with the time the update wrote", () => {
  const w = new Writer(
    "CREATE TABLE t (id INT PRIMARY KEY, v INT, " +
      "changed TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
  );
  w.db.exec("INSERT INTO t VALUES (1, 0, '2001-02-03 04:05:06')");
  const [change] = w.txn("UPDATE t SET v = 1 WHERE id = 1");
  assert.deepEqual(change!.before, [1n, 0n, "2001-02-03 04:05:06"]);
  const stored = w.rows("SELECT id, v, changed FROM t")[0]!;
  assert.deepEqual(change!.after, stored);
  assert.notEqual(stored[2], "2001-02-03 04:05:06");
  assert.ok(Math.abs(Date.parse(`${stored[2]}Z`) - Date.now()) < 60_000, String(stored[2]));
});

Deno.test("ChangeCapture keeps blobs as bytes, big integers exact and reals as numbers", () => {
  const w = new Writer("CREATE TABLE t (id BIGINT PRIMARY KEY, b BLOB, r DOUBLE, big BIGINT)");
  const max = 2n ** 63n - 1n;
  w.begin();
  w.db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)").run(
    max,
    new Uint8Array([0, 255, 10]),
    0.1,
    -(2n ** 63n),
  );
  const [insert] = w.commit();
  assert.equal(insert!.key, rowKey("t", [max]));
  assert.deepEqual(insert!.after, [max, new Uint8Array([0, 255, 10]), 0.1, -(2n ** 63n)]);
  assert.equal(insert!.after![1]!.constructor, Uint8Array);
  assert.equal(typeof insert!.after![2], "number");
  const [update] = w.txn("UPDATE t SET r = 2.5");
  assert.equal(update!.before![1]!.constructor, Uint8Array);
  assert.deepEqual(update!.before, [max, new Uint8Array([0, 255, 10]), 0.1, -(2n ** 63n)]);
  assert.deepEqual(update!.after, [max, new Uint8Array([0, 255, 10]), 2.5, -(2n ** 63n)]);
});

Deno.test("ChangeCapture forgets what a failed statement reported once rolled back to its mark", () => {
  const w = new Writer(
    "CREATE TABLE p (id INT PRIMARY KEY)",
    "CREATE TABLE c (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p (id))",
  );
  w.db.exec("INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (10, 2)");
  w.begin();
  w.db.exec("INSERT INTO p VALUES (3)");
  const mark = w.capture.mark();
  // Deletes both rows, then fails at the end of the statement: SQLite undoes both deletes.
  assert.throws(() => w.db.exec("DELETE FROM p WHERE id IN (1, 2)"), /FOREIGN KEY/);
  assert.equal(w.capture.keysSince(mark).length, 2);
  w.capture.rollbackTo(mark);
  assert.deepEqual(w.capture.keysSince(mark), []);
  const changes = w.commit();
  assert.deepEqual(brief(changes), [
    { table: "p", op: "insert", key: rowKey("p", [3n]), before: null, after: [3n] },
  ]);
  assert.deepEqual(w.rows("SELECT id FROM p ORDER BY id"), [[1n], [2n], [3n]]);
});

Deno.test("ChangeCapture.keysSince names old and new keys of the rows changed since the mark", () => {
  const w = new Writer(
    "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
    "CREATE TABLE log (msg VARCHAR(20))",
  );
  w.db.exec("INSERT INTO t VALUES (1, 0), (2, 0); INSERT INTO log (rowid, msg) VALUES (4, 'x')");
  w.begin();
  w.db.exec("UPDATE t SET v = 1 WHERE id = 1");
  const mark = w.capture.mark();
  w.db.exec(
    "UPDATE t SET id = 20 WHERE id = 2; INSERT INTO t VALUES (3, 0); " +
      "INSERT INTO log VALUES ('new'); UPDATE log SET msg = 'y' WHERE rowid = 4",
  );
  assert.deepEqual(
    w.capture.keysSince(mark).sort(),
    [
      rowKey("log", [4n]),
      rowKey("t", [2n]),
      rowKey("t", [20n]),
      rowKey("t", [3n]),
    ].sort(),
  );
  assert.deepEqual(
    w.capture.keysSince(0).sort(),
    [
      rowKey("log", [4n]),
      rowKey("t", [1n]),
      rowKey("t", [2n]),
      rowKey("t", [20n]),
      rowKey("t", [3n]),
    ].sort(),
  );
  w.db.exec("ROLLBACK");
  w.capture.discard();
});

Deno.test("ChangeCapture captures a column added by ALTER TABLE once re-installed for the new schema", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
  w.db.exec("INSERT INTO t VALUES (1, 1)");
  w.ddl("ALTER TABLE t ADD COLUMN note VARCHAR(10) DEFAULT 'n/a'");
  const changes = w.txn("INSERT INTO t VALUES (2, 2, 'hello'); UPDATE t SET v = 5 WHERE id = 1");
  assert.deepEqual(changes.map((c) => [c.columns, c.before, c.after]), [
    [["id", "v", "note"], [1n, 1n, "n/a"], [1n, 5n, "n/a"]],
    [["id", "v", "note"], null, [2n, 2n, "hello"]],
  ]);
  w.ddl("CREATE TABLE fresh (id INT PRIMARY KEY)");
  assert.deepEqual(w.txn("INSERT INTO fresh VALUES (1)").map((c) => c.key), [
    rowKey("fresh", [1n]),
  ]);
});

Deno.test("ChangeCapture reports nothing while not started and nothing after discard", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY)");
  w.db.exec("INSERT INTO t VALUES (1)");
  assert.equal(w.capture.active, false);
  assert.deepEqual(w.capture.take(() => 0n), []);
  w.begin();
  w.db.exec("INSERT INTO t VALUES (2)");
  w.capture.discard();
  w.db.exec("ROLLBACK");
  assert.deepEqual(w.txn("SELECT 1"), []);
});

Deno.test("ChangeCapture gives case variants of a case-insensitive text key one identity, as the table's unique key does", () => {
  const w = new Writer(
    "CREATE TABLE users (login VARCHAR(20) PRIMARY KEY, n INT)",
    "CREATE TABLE files (path VARBINARY(20) PRIMARY KEY, n INT)",
  );
  const [abc] = w.txn("INSERT INTO users VALUES ('abc', 1)");
  const [upper] = w.txn("INSERT OR REPLACE INTO users VALUES ('ABC', 2)");
  assert.deepEqual(w.rows("SELECT * FROM users"), [["ABC", 2n]]);
  assert.equal(upper!.key, abc!.key);
  assert.equal(upper!.op, "update");
  // Binary strings stay case-sensitive: two rows, two identities.
  const [a] = w.txn("INSERT INTO files VALUES ('a', 1)");
  const [b] = w.txn("INSERT INTO files VALUES ('A', 1)");
  assert.notEqual(a!.key, b!.key);
  assert.equal(w.rows("SELECT count(*) FROM files")[0]![0], 2n);
});

Deno.test("ChangeCapture still captures a file whose other tables are WITHOUT ROWID or virtual (adopted from elsewhere)", () => {
  const w = new Writer("CREATE TABLE t (id INT PRIMARY KEY)");
  w.db.exec(
    "CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID; " +
      "CREATE VIRTUAL TABLE docs USING fts5(body)",
  );
  w.ddl("CREATE TABLE after_them (id INT PRIMARY KEY)");
  const changes = w.txn(
    "INSERT INTO t VALUES (1); INSERT INTO kv VALUES ('a', 1); " +
      "INSERT INTO docs VALUES ('hello'); INSERT INTO after_them VALUES (2)",
  );
  // Tables capture cannot follow are not replicated (a known gap), the others are.
  assert.deepEqual(changes.map((c) => c.key), [rowKey("after_them", [2n]), rowKey("t", [1n])]);
});
