/** ON UPDATE CURRENT_TIMESTAMP: set on a real change only, never over an explicit value. */
import assert from "node:assert/strict";
import { ddl, openTestDb } from "./_helpers.ts";

Deno.test("ON UPDATE CURRENT_TIMESTAMP updates the column only when another column changes", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE t (id int PRIMARY KEY, v varchar(10), ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
    );
    t.db.exec(
      "INSERT INTO t (id, v, ts) VALUES (1, 'a', '2000-01-01 00:00:00'), (2, 'b', '2000-01-01 00:00:00')",
    );
    const ts = (id: number) => String(t.db.prepare("SELECT ts FROM t WHERE id = ?").get(id)?.ts);
    // no-op update: unchanged (and SQLite reports the matched row, which the session maps)
    t.db.exec("UPDATE t SET v = 'a' WHERE id = 1");
    assert.equal(ts(1), "2000-01-01 00:00:00");
    // a real change stamps the current time
    t.db.exec("UPDATE t SET v = 'changed' WHERE id = 1");
    assert.notEqual(ts(1), "2000-01-01 00:00:00");
    assert.match(ts(1), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(ts(2), "2000-01-01 00:00:00", "other rows untouched");
    // an explicit new value wins
    t.db.exec("UPDATE t SET v = 'again', ts = '2010-05-05 05:05:05' WHERE id = 2");
    assert.equal(ts(2), "2010-05-05 05:05:05");
    // a case-only change is a change (MySQL compares the stored bytes)
    t.db.exec("UPDATE t SET ts = '2000-01-01 00:00:00' WHERE id = 2");
    t.db.exec("UPDATE t SET v = 'AGAIN' WHERE id = 2");
    assert.notEqual(ts(2), "2000-01-01 00:00:00");
  } finally {
    t.close();
  }
});

Deno.test("ON UPDATE CURRENT_TIMESTAMP(3) keeps fractional seconds and survives ALTER TABLE", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE t (id int PRIMARY KEY, v int, ts datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))",
    );
    t.db.exec("INSERT INTO t (id, v) VALUES (1, 1)");
    assert.match(
      String(t.db.prepare("SELECT ts FROM t").get()?.ts),
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/,
    );
    ddl(t.db, "ALTER TABLE t ADD COLUMN w int FIRST");
    t.db.exec("UPDATE t SET ts = '2001-01-01 00:00:00.000'");
    t.db.exec("UPDATE t SET w = 5");
    assert.notEqual(String(t.db.prepare("SELECT ts FROM t").get()?.ts), "2001-01-01 00:00:00.000");
    ddl(t.db, "ALTER TABLE t RENAME TO t2");
    t.db.exec("UPDATE t2 SET ts = '2001-01-01 00:00:00.000'");
    t.db.exec("UPDATE t2 SET v = 9");
    assert.notEqual(String(t.db.prepare("SELECT ts FROM t2").get()?.ts), "2001-01-01 00:00:00.000");
    ddl(t.db, "ALTER TABLE t2 MODIFY ts datetime(3) NULL");
    t.db.exec("UPDATE t2 SET ts = NULL");
    t.db.exec("UPDATE t2 SET v = 10");
    assert.equal(
      t.db.prepare("SELECT ts FROM t2").get()?.ts,
      null,
      "MODIFY without ON UPDATE removes it",
    );
  } finally {
    t.close();
  }
});
