/**
 * The `mariadb` / `mysql` command-line client against a node: scripts piped on stdin and
 * statements given with `-e`, checked against the exact batch output and error lines a
 * MySQL server makes the client print.
 */
import assert from "node:assert/strict";
import { cliOk, runCli, table } from "./support/cli.ts";
import { shopScript } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

/** The client echoes the failing statement to stderr first; the ERROR line comes last. */
function lastLine(stderr: string): string {
  return stderr.trimEnd().split("\n").at(-1) ?? "";
}

e2eSuite("mysql CLI scripts get MySQL's results", async ({ port, step }) => {
  await step(
    "a piped script creates a database and tables with MySQL DDL and lists them",
    async () => {
      const out = await cliOk(port, shopScript("e2e_cli_ddl", { rows: false }) + "SHOW TABLES;\n");
      assert.equal(out, table([["Tables_in_e2e_cli_ddl"], ["customers"], ["orders"]]));
    },
  );

  await step("the mysql symlink runs the same client", async () => {
    const out = await cliOk(port, "SELECT 1 AS one;", { binary: "mysql", inline: true });
    assert.equal(out, table([["one"], ["1"]]));
  });

  await step(
    "multi-row INSERT takes consecutive AUTO_INCREMENT ids and LAST_INSERT_ID() is the first",
    async () => {
      const out = await cliOk(
        port,
        shopScript("e2e_cli_autoinc", { rows: false }) + `
INSERT INTO customers (email, name) VALUES ('ann@example.com','Ann'),('bob@example.com','Bob'),('cy@example.com','Cy');
SELECT LAST_INSERT_ID(), ROW_COUNT();
INSERT INTO customers SET email = 'dee@example.com', name = 'Dee', credit = 1;
SELECT LAST_INSERT_ID(), ROW_COUNT();
INSERT INTO customers (id, email) VALUES (10, 'ed@example.com');
SELECT LAST_INSERT_ID();
INSERT INTO customers (email) VALUES ('fay@example.com');
SELECT LAST_INSERT_ID();
SELECT id, email, name, credit FROM customers ORDER BY id;
`,
      );
      assert.equal(
        out,
        table(
          [["LAST_INSERT_ID()", "ROW_COUNT()"], ["1", "3"]],
          [["LAST_INSERT_ID()", "ROW_COUNT()"], ["4", "1"]],
          [["LAST_INSERT_ID()"], ["4"]],
          [["LAST_INSERT_ID()"], ["11"]],
          [
            ["id", "email", "name", "credit"],
            ["1", "ann@example.com", "Ann", "0"],
            ["2", "bob@example.com", "Bob", "0"],
            ["3", "cy@example.com", "Cy", "0"],
            ["4", "dee@example.com", "Dee", "1"],
            ["10", "ed@example.com", "", "0"],
            ["11", "fay@example.com", "", "0"],
          ],
        ),
      );
    },
  );

  await step(
    "INSERT IGNORE, REPLACE and ON DUPLICATE KEY UPDATE with VALUES() count rows like MySQL",
    async () => {
      const out = await cliOk(
        port,
        shopScript("e2e_cli_upsert") + `
INSERT IGNORE INTO customers (email, name) VALUES ('ann@example.com', 'Ann Again'), ('eve@example.com', 'Eve');
SELECT ROW_COUNT();
REPLACE INTO customers (id, email, name, credit) VALUES (2, 'bob@example.com', 'Robert', 6);
SELECT ROW_COUNT();
REPLACE INTO customers (id, email, name) VALUES (100, 'zed@example.com', 'Zed');
SELECT ROW_COUNT();
REPLACE INTO customers (id, email, name) VALUES (50, 'ann@example.com', 'Annie');
SELECT ROW_COUNT();
INSERT INTO customers (email, name, credit) VALUES ('cy@example.com', 'Cyrus', 3)
  ON DUPLICATE KEY UPDATE name = VALUES(name), credit = credit + VALUES(credit);
SELECT ROW_COUNT();
INSERT INTO customers (email, name) VALUES ('cy@example.com', 'Cyrus') ON DUPLICATE KEY UPDATE name = VALUES(name);
SELECT ROW_COUNT();
INSERT INTO customers (email, name) VALUES ('gus@example.com', 'Gus') ON DUPLICATE KEY UPDATE name = VALUES(name);
SELECT ROW_COUNT();
SELECT email, name, credit FROM customers ORDER BY email;
SELECT id FROM customers WHERE email IN ('ann@example.com', 'bob@example.com', 'zed@example.com') ORDER BY id;
`,
      );
      assert.equal(
        out,
        table(
          [["ROW_COUNT()"], ["1"]],
          [["ROW_COUNT()"], ["2"]],
          [["ROW_COUNT()"], ["1"]],
          [["ROW_COUNT()"], ["2"]],
          [["ROW_COUNT()"], ["2"]],
          [["ROW_COUNT()"], ["0"]],
          [["ROW_COUNT()"], ["1"]],
          [
            ["email", "name", "credit"],
            ["ann@example.com", "Annie", "0"],
            ["bob@example.com", "Robert", "6"],
            ["cy@example.com", "Cyrus", "10"],
            ["eve@example.com", "Eve", "0"],
            ["gus@example.com", "Gus", "0"],
            ["zed@example.com", "Zed", "0"],
          ],
          [["id"], ["2"], ["50"], ["100"]],
        ),
      );
    },
  );

  await step(
    "INSERT ... SELECT, UPDATE and DELETE (with ORDER BY / LIMIT) change the right rows",
    async () => {
      const out = await cliOk(
        port,
        shopScript("e2e_cli_dml") + `
INSERT INTO orders (customer_id, amount, status) SELECT id, credit, 'bonus' FROM customers WHERE credit > 0 ORDER BY id;
SELECT ROW_COUNT();
SELECT id, customer_id, amount, status FROM orders ORDER BY id;
UPDATE orders SET status = 'paid' WHERE amount >= 10;
SELECT ROW_COUNT();
UPDATE orders SET status = 'paid' WHERE amount >= 10;
SELECT ROW_COUNT();
UPDATE orders SET amount = amount * 2 WHERE status = 'bonus' ORDER BY id DESC LIMIT 1;
SELECT ROW_COUNT();
DELETE FROM orders WHERE status = 'bonus' AND amount < 6;
SELECT ROW_COUNT();
DELETE FROM orders WHERE status = 'new' ORDER BY amount LIMIT 1;
SELECT ROW_COUNT();
SELECT id, amount, status FROM orders ORDER BY id;
`,
      );
      assert.equal(
        out,
        table(
          [["ROW_COUNT()"], ["2"]],
          [
            ["id", "customer_id", "amount", "status"],
            ["1", "1", "10.50", "new"],
            ["2", "1", "20.00", "new"],
            ["3", "2", "5.25", "new"],
            ["4", "3", "100.00", "new"],
            ["5", "3", "1.10", "new"],
            ["6", "2", "5.00", "bonus"],
            ["7", "3", "7.00", "bonus"],
          ],
          [["ROW_COUNT()"], ["3"]],
          [["ROW_COUNT()"], ["0"]],
          [["ROW_COUNT()"], ["1"]],
          [["ROW_COUNT()"], ["1"]],
          [["ROW_COUNT()"], ["1"]],
          [
            ["id", "amount", "status"],
            ["1", "10.50", "paid"],
            ["2", "20.00", "paid"],
            ["3", "5.25", "new"],
            ["4", "100.00", "paid"],
            ["7", "14.00", "bonus"],
          ],
        ),
      );
    },
  );

  await step("ON UPDATE CURRENT_TIMESTAMP moves only when a row really changes", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_onupdate") + `
UPDATE customers SET created_at = '2001-02-03 04:05:06', updated_at = '2001-02-03 04:05:06';
UPDATE customers SET credit = credit + 1 WHERE id = 1;
UPDATE customers SET name = name WHERE id = 2;
SELECT id, created_at, updated_at > '2020-01-01' AS bumped FROM customers ORDER BY id;
`,
    );
    assert.equal(
      out,
      table([
        ["id", "created_at", "bumped"],
        ["1", "2001-02-03 04:05:06", "1"],
        ["2", "2001-02-03 04:05:06", "0"],
        ["3", "2001-02-03 04:05:06", "0"],
      ]),
    );
  });

  await step("joins with GROUP BY / HAVING / ORDER BY", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_join") + `
INSERT INTO customers (email, name) VALUES ('dee@example.com', 'Dee');
SELECT c.name, COUNT(o.id) AS n, SUM(o.amount) AS total FROM customers c
  LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY total DESC, c.name;
SELECT c.name, o.amount FROM customers c INNER JOIN orders o ON o.customer_id = c.id
  WHERE o.amount >= 10 ORDER BY o.amount;
SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING n > 1 ORDER BY customer_id DESC;
`,
    );
    assert.equal(
      out,
      table(
        [
          ["name", "n", "total"],
          ["Cy", "2", "101.10"],
          ["Ann", "2", "30.50"],
          ["Bob", "1", "5.25"],
          ["Dee", "0", "NULL"],
        ],
        [["name", "amount"], ["Ann", "10.50"], ["Ann", "20.00"], ["Cy", "100.00"]],
        [["customer_id", "n"], ["3", "2"], ["1", "2"]],
      ),
    );
  });

  await step("multi-table UPDATE changes each joined row once", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_multi_update") + `
UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.credit = c.credit + 1, o.status = 'credited'
  WHERE o.amount >= 10;
SELECT ROW_COUNT();
SELECT name, credit FROM customers ORDER BY id;
SELECT id, status FROM orders ORDER BY id;
`,
    );
    assert.equal(
      out,
      table(
        [["ROW_COUNT()"], ["5"]],
        [["name", "credit"], ["Ann", "1"], ["Bob", "5"], ["Cy", "8"]],
        [["id", "status"], ["1", "credited"], ["2", "credited"], ["3", "new"], ["4", "credited"], [
          "5",
          "new",
        ]],
      ),
    );
  });

  await step("multi-table DELETE removes rows from one or both tables", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_multi_delete") + `
DELETE o FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = 'Bob';
SELECT ROW_COUNT();
DELETE c, o FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.name = 'Cy';
SELECT ROW_COUNT();
SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM orders) AS orders;
`,
    );
    assert.equal(
      out,
      table([["ROW_COUNT()"], ["1"]], [["ROW_COUNT()"], ["3"]], [["customers", "orders"], [
        "2",
        "2",
      ]]),
    );
  });

  await step("LIMIT offset,count and SQL_CALC_FOUND_ROWS with FOUND_ROWS()", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_limit") + `
SELECT id FROM orders ORDER BY id LIMIT 1, 2;
SELECT id FROM orders ORDER BY id LIMIT 2 OFFSET 3;
SELECT id FROM orders ORDER BY id DESC LIMIT 2;
SELECT SQL_CALC_FOUND_ROWS id, amount FROM orders WHERE amount > 5 ORDER BY amount LIMIT 2;
SELECT FOUND_ROWS();
SELECT id FROM orders WHERE customer_id = 1 ORDER BY id;
SELECT FOUND_ROWS();
`,
    );
    assert.equal(
      out,
      table(
        [["id"], ["2"], ["3"]],
        [["id"], ["4"], ["5"]],
        [["id"], ["5"], ["4"]],
        [["id", "amount"], ["3", "5.25"], ["1", "10.50"]],
        [["FOUND_ROWS()"], ["4"]],
        [["id"], ["1"], ["2"]],
        [["FOUND_ROWS()"], ["2"]],
      ),
    );
  });

  await step("user variables keep their values within a session only", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_vars") + `
SET @minimum := 15, @label = 'big';
SELECT @label AS label, COUNT(*) AS n FROM orders WHERE amount > @minimum;
SET @total = (SELECT SUM(amount) FROM orders);
SELECT @total AS total, @minimum + 1 AS next, @never_set IS NULL AS unset;
SELECT id INTO @last_id FROM orders ORDER BY id DESC LIMIT 1;
SELECT @last_id AS last_id;
`,
    );
    assert.equal(
      out,
      table(
        [["label", "n"], ["big", "2"]],
        [["total", "next", "unset"], ["136.85", "16", "1"]],
        [["last_id"], ["5"]],
      ),
    );
    const other = await cliOk(port, "SELECT @label IS NULL AS fresh;", { inline: true });
    assert.equal(other, table([["fresh"], ["1"]]));
  });

  await step("DATABASE(), VERSION(), USER() and CONNECTION_ID() describe the session", async () => {
    // MySQL: NULL until a database is chosen. Marmot deliberately starts sessions in its
    // default database `marmot` (reference design, section 8.1), so that is accepted too.
    const none = await cliOk(port, "SELECT DATABASE();", { inline: true });
    assert.match(none, /^DATABASE\(\)\n(NULL|marmot)\n$/);
    await cliOk(port, "DROP DATABASE IF EXISTS e2e_cli_fn; CREATE DATABASE e2e_cli_fn;", {
      inline: true,
    });
    const out = await cliOk(
      port,
      "SELECT DATABASE(); USE e2e_cli_fn; SELECT DATABASE(), VERSION(), USER(), CONNECTION_ID();",
      { inline: true, args: ["-N"] },
    );
    const lines = out.trimEnd().split("\n");
    assert.equal(lines.length, 2, out);
    assert.match(lines[0]!, /^(NULL|marmot)$/);
    const [db, version, user, id] = lines[1]!.split("\t");
    assert.equal(db, "e2e_cli_fn");
    assert.match(version!, /^\d+\.\d+\.\d+/);
    assert.match(user!, /^root@/);
    assert.match(id!, /^[1-9]\d*$/);
    const again = await cliOk(port, "SELECT CONNECTION_ID();", { inline: true, args: ["-N"] });
    assert.notEqual(again.trim(), id, "each connection gets its own CONNECTION_ID()");
    const connected = await cliOk(port, "SELECT DATABASE();", {
      inline: true,
      database: "e2e_cli_fn",
      args: ["-N"],
    });
    assert.equal(connected, "e2e_cli_fn\n");
  });

  await step("SHOW WARNINGS lists the duplicate an INSERT IGNORE skipped", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_warn") + `
INSERT IGNORE INTO customers (email, name) VALUES ('ann@example.com', 'Again');
SHOW WARNINGS;
SELECT COUNT(*) AS n FROM customers;
SHOW WARNINGS;
`,
    );
    const lines = out.split("\n");
    assert.equal(lines[0], "Level\tCode\tMessage");
    assert.match(
      lines[1]!,
      /^Warning\t1062\tDuplicate entry 'ann@example\.com' for key '(customers\.)?email'$/,
    );
    // a statement that uses a table clears the list, so the second SHOW WARNINGS is empty
    assert.equal(lines.slice(2).join("\n"), table([["n"], ["3"]]));
    const clean = await cliOk(port, "SELECT 1 AS x;\nSHOW WARNINGS;\n");
    assert.equal(clean, table([["x"], ["1"]]), "no warnings in a fresh session");
  });

  await step("SHOW, DESCRIBE and INFORMATION_SCHEMA results print through the CLI", async () => {
    const out = await cliOk(
      port,
      shopScript("e2e_cli_show") + `
SHOW DATABASES LIKE 'e2e_cli_show';
SHOW TABLES;
DESCRIBE orders;
SHOW COLUMNS FROM customers LIKE 'email';
SHOW INDEX FROM orders;
SHOW CREATE TABLE orders;
SHOW TABLE STATUS LIKE 'orders';
SHOW VARIABLES LIKE 'max_allowed_packet';
SHOW PROCESSLIST;
SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = 'e2e_cli_show' AND TABLE_NAME = 'orders' ORDER BY ORDINAL_POSITION;
`,
    );
    const expectLines: RegExp[] = [
      /^Database \(e2e_cli_show\)\ne2e_cli_show$/m,
      /^Tables_in_e2e_cli_show\ncustomers\norders$/m,
      /^Field\tType\tNull\tKey\tDefault\tExtra\nid\tbigint(\(20\))? unsigned\tNO\tPRI\tNULL\tauto_increment$/m,
      /^amount\tdecimal\(10,2\)\tNO\t\t0\.00\t$/m,
      /^email\tvarchar\(191\)\tNO\tUNI\tNULL\t$/m,
      /^Table\tNon_unique\tKey_name\tSeq_in_index\tColumn_name\t/m,
      /^orders\t1\tstatus_amount\t2\tamount\t/m,
      /^orders\tCREATE TABLE `orders` \(\n {2}`id` bigint(\(20\))? unsigned NOT NULL AUTO_INCREMENT,$/m,
      /^Name\tEngine\tVersion\tRow_format\tRows\t/m,
      /^orders\t\w+\t/m,
      /^max_allowed_packet\t\d+$/m,
      /^Id\tUser\tHost\tdb\tCommand\tTime\tState\tInfo/m,
      /^\d+\troot\t[^\t]+\te2e_cli_show\tQuery\t\d+\t[^\t]*\tSHOW PROCESSLIST/m,
      /^TABLE_NAME\tCOLUMN_NAME\norders\tid\norders\tcustomer_id\norders\tamount\norders\tstatus\norders\tnote$/m,
    ];
    const missing = expectLines.filter((re) => !re.test(out)).map(String);
    assert.deepEqual(
      missing,
      [],
      `CLI output lacks:\n  ${missing.join("\n  ")}\n--- output ---\n${out}`,
    );
  });

  await step("the status command shows the connection", async () => {
    const out = await cliOk(port, "status", { inline: true, database: "e2e_cli_show" });
    assert.match(out, /^Current database:\s+e2e_cli_show$/m);
    assert.match(out, /^Current user:\s+root@/m);
    assert.match(out, /^Server version:\s+\d+\.\d+\.\d+/m);
    assert.match(out, /^Uptime:\s+\d/m);
  });

  await step("the -e form runs several statements in order", async () => {
    const out = await cliOk(
      port,
      "DROP DATABASE IF EXISTS e2e_cli_inline; CREATE DATABASE e2e_cli_inline; USE e2e_cli_inline; " +
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO t VALUES (1, 'a'), (2, 'b'); " +
        "UPDATE t SET v = 'z' WHERE id = 2; SELECT * FROM t ORDER BY id; SELECT COUNT(*) FROM t",
      { inline: true },
    );
    assert.equal(out, table([["id", "v"], ["1", "a"], ["2", "z"]], [["COUNT(*)"], ["2"]]));
  });

  await step("a duplicate key stops the script with ERROR 1062 (23000) at its line", async () => {
    const r = await runCli(
      port,
      shopScript("e2e_cli_dup") + "SELECT 'before' AS marker;\n" +
        "INSERT INTO customers (email) VALUES ('ann@example.com');\nSELECT 'after' AS marker;\n",
    );
    const line = shopScript("e2e_cli_dup").split("\n").length + 1;
    assert.equal(r.code, 1);
    assert.equal(r.stdout, table([["marker"], ["before"]]));
    assert.match(
      lastLine(r.stderr),
      new RegExp(
        `^ERROR 1062 \\(23000\\) at line ${line}: Duplicate entry 'ann@example\\.com' for key '(customers\\.)?email'$`,
      ),
    );
  });

  await step("errors print MySQL's code, SQLSTATE, line and message", async () => {
    const db =
      "DROP DATABASE IF EXISTS e2e_cli_err; CREATE DATABASE e2e_cli_err; USE e2e_cli_err;\n" +
      "CREATE TABLE t (id INT PRIMARY KEY, v INT);\n";
    const cases: Array<[string, RegExp]> = [
      [
        "SELECT * FROM nope;",
        /^ERROR 1146 \(42S02\) at line 3: Table 'e2e_cli_err\.nope' doesn't exist$/,
      ],
      [
        "SELEC 1;",
        /^ERROR 1064 \(42000\) at line 3: You have an error in your SQL syntax; .* near 'SELEC 1' at line 1$/,
      ],
      [
        "SELECT nope FROM t;",
        /^ERROR 1054 \(42S22\) at line 3: Unknown column 'nope' in '(field list|SELECT)'$/,
      ],
      [
        "UPDATE t SET nope = 1;",
        /^ERROR 1054 \(42S22\) at line 3: Unknown column 'nope' in '(field list|SET)'$/,
      ],
      [
        "USE e2e_no_such_db;",
        /^ERROR 1049 \(42000\) at line 3: Unknown database 'e2e_no_such_db'$/,
      ],
      ["CREATE TABLE t (id INT);", /^ERROR 1050 \(42S01\) at line 3: Table 't' already exists$/],
      [
        "INSERT INTO t (id, v) VALUES (1, 1), (1, 2);",
        /^ERROR 1062 \(23000\) at line 3: Duplicate entry '1' for key '(t\.)?PRIMARY'$/,
      ],
      [
        "INSERT INTO t (id) VALUES (NULL);",
        /^ERROR 1048 \(23000\) at line 3: Column 'id' cannot be null$/,
      ],
      ["DROP TABLE nope;", /^ERROR 1051 \(42S02\) at line 3: Unknown table 'e2e_cli_err\.nope'$/],
    ];
    const wrong: string[] = [];
    for (const [sql, expected] of cases) {
      const r = await runCli(port, db + sql + "\n");
      const line = lastLine(r.stderr);
      if (r.code !== 1 || !expected.test(line)) {
        wrong.push(`${sql}\n    want ${expected}\n    got  exit ${r.code}: ${line}`);
      }
    }
    assert.deepEqual(wrong, [], `wrong errors:\n  ${wrong.join("\n  ")}`);
  });

  await step("--force keeps going after an error", async () => {
    const r = await runCli(
      port,
      "SELECT 1 AS a;\nSELECT * FROM e2e_cli_missing.t;\nSELECT 2 AS b;\n",
      {
        args: ["--force"],
      },
    );
    assert.match(
      r.stderr,
      /ERROR 1146 \(42S02\) at line 2: Table 'e2e_cli_missing\.t' doesn't exist/,
    );
    assert.ok(r.stdout.startsWith(table([["a"], ["1"]])), r.stdout);
    assert.ok(r.stdout.endsWith(table([["b"], ["2"]])), r.stdout);
  });

  await step("connecting to an unknown database fails with 1049", async () => {
    const r = await runCli(port, "SELECT 1;", { inline: true, database: "e2e_cli_nowhere" });
    assert.equal(r.code, 1);
    assert.match(lastLine(r.stderr), /^ERROR 1049 \(42000\): Unknown database 'e2e_cli_nowhere'$/);
  });

  await step("DROP DATABASE removes the database and its tables", async () => {
    await cliOk(port, shopScript("e2e_cli_drop"));
    const out = await cliOk(
      port,
      "SHOW DATABASES LIKE 'e2e_cli_drop'; DROP DATABASE e2e_cli_drop; SHOW DATABASES LIKE 'e2e_cli_drop'; SELECT 'done' AS d;",
      { inline: true },
    );
    assert.equal(out, table([["Database (e2e_cli_drop)"], ["e2e_cli_drop"]], [["d"], ["done"]]));
    const use = await runCli(port, "USE e2e_cli_drop;", { inline: true });
    assert.match(
      lastLine(use.stderr),
      /^ERROR 1049 \(42000\) at line 1: Unknown database 'e2e_cli_drop'$/,
    );
    const select = await runCli(port, "SELECT * FROM e2e_cli_drop.orders;", { inline: true });
    assert.match(
      lastLine(select.stderr),
      /^ERROR 1146 \(42S02\) at line 1: Table 'e2e_cli_drop\.orders' doesn't exist$/,
    );
    const again = await runCli(port, "DROP DATABASE e2e_cli_drop;", { inline: true });
    assert.match(
      lastLine(again.stderr),
      /^ERROR 1008 \(HY000\) at line 1: Can't drop database 'e2e_cli_drop'; database doesn't exist$/,
    );
  });
});
