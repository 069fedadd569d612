/**
 * The `mariadb` / `mysql` command-line client against a node: scripts piped on stdin and
 * statements given with `-e`, with MySQL DDL and DML, checked against the exact batch
 * output a MySQL server makes the client print.
 */
import assert from "node:assert/strict";
import { mysqlToolArgs } from "../helpers/mod.ts";
import { cliOk, runCli, table } from "./support/cli.ts";
import { shopScript } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

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

  await step(
    "@v := expr runs per row; LAST_INSERT_ID(expr) is read back in its statement",
    async () => {
      // Expected output is MariaDB 10.11's for the same script.
      const out = await cliOk(
        port,
        shopScript("e2e_cli_assign") + `
SELECT @a := 5 AS a, @a + 1 AS b, @never AS c;
SET @x = 1;
SELECT @x := @x + 1 AS v FROM orders ORDER BY id LIMIT 3;
SELECT @x AS x;
SELECT LAST_INSERT_ID(999) AS a, LAST_INSERT_ID() AS b;
SET @n = 0;
UPDATE customers SET credit = (@n := @n + 10) ORDER BY id;
SELECT id, credit FROM customers ORDER BY id;
SELECT @n AS n;
`,
      );
      assert.equal(
        out,
        table(
          [["a", "b", "c"], ["5", "6", "NULL"]],
          [["v"], ["2"], ["3"], ["4"]],
          [["x"], ["4"]],
          [["a", "b"], ["999", "999"]],
          [["id", "credit"], ["1", "10"], ["2", "20"], ["3", "30"]],
          [["n"], ["30"]],
        ),
      );
    },
  );

  await step(
    "DECIMAL values keep MySQL's exact scale, as text too; WITH ROLLUP adds the totals",
    async () => {
      // Expected output is MariaDB 10.11's: doubles such as 3.3000000000000003 never show.
      const out = await cliOk(
        port,
        shopScript("e2e_cli_decimal") + `
SELECT SUM(amount) AS s, AVG(amount) AS a, MIN(amount) AS m, SUM(amount) * 2 AS d FROM orders;
SELECT id, amount * 3 AS t, amount / 3 AS q, amount + 1 AS p, IFNULL(amount, 0) AS f
  FROM orders WHERE id IN (2, 5) ORDER BY id;
SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id WITH ROLLUP;
SELECT CONCAT('$', amount) AS c, LENGTH(amount) AS l, amount LIKE '%.10' AS k,
  CAST(amount AS CHAR) AS t FROM orders WHERE id IN (2, 5) ORDER BY id;
`,
      );
      assert.equal(
        out,
        table(
          [["s", "a", "m", "d"], ["136.85", "27.370000", "1.10", "273.70"]],
          [
            ["id", "t", "q", "p", "f"],
            ["2", "60.00", "6.666667", "21.00", "20.00"],
            ["5", "3.30", "0.366667", "2.10", "1.10"],
          ],
          [["customer_id", "total"], ["1", "30.50"], ["2", "5.25"], ["3", "101.10"], [
            "NULL",
            "136.85",
          ]],
          [["c", "l", "k", "t"], ["$20.00", "5", "0", "20.00"], ["$1.10", "4", "1", "1.10"]],
        ),
      );
    },
  );

  await step("division by zero is NULL with warning 1365, an error in a strict write", async () => {
    // Expected output is MariaDB 10.11's for the same script (--force: past the error).
    const script = shopScript("e2e_cli_zero", { rows: false }) + `
CREATE TABLE z (a INT, b DECIMAL(10,2));
SELECT 1/0, 5 DIV 0, MOD(5, 0);
SHOW WARNINGS;
INSERT INTO z VALUES (1, 1/0);
INSERT IGNORE INTO z VALUES (2, 1/0);
SHOW WARNINGS;
SET sql_mode = 'ERROR_FOR_DIVISION_BY_ZERO';
UPDATE z SET b = a / 0;
SHOW WARNINGS;
SELECT a, b FROM z;
`;
    const run = await runCli(port, script, { args: ["--force"] });
    assert.match(run.stderr, /ERROR 1365 \(22012\) at line \d+: Division by 0/);
    const warning = ["Warning", "1365", "Division by 0"];
    assert.equal(
      run.stdout,
      table(
        [["1/0", "5 DIV 0", "MOD(5, 0)"], ["NULL", "NULL", "NULL"]],
        [["Level", "Code", "Message"], warning, warning, warning],
        [["Level", "Code", "Message"], warning],
        [["Level", "Code", "Message"], warning],
        [["a", "b"], ["2", "NULL"]],
      ),
    );
  });

  await step("integer overflow is error 1690; bit operations give BIGINT UNSIGNED", async () => {
    // Expected output is MariaDB 10.11's (which names columns in full: `db`.`n`.`v` + 1).
    const script = `CREATE DATABASE e2e_cli_range; USE e2e_cli_range;
CREATE TABLE n (v BIGINT, x INT UNSIGNED);
INSERT INTO n VALUES (9223372036854775807, 3);
SELECT v - 1 AS a, x + 1 AS b, ~0 AS c, 1 << 63 AS d, -1 | 0 AS e FROM n;
SELECT v + 1 FROM n;
SELECT x - 5 FROM n;
SELECT 3037000500 * 3037000500;
SELECT v FROM n;
`;
    const run = await runCli(port, script, { args: ["--force"] });
    const errors = [...run.stderr.matchAll(/ERROR 1690 \(22003\) at line \d+: (.*)/g)];
    assert.deepEqual(errors.map((m) => m[1]), [
      "BIGINT value is out of range in 'v + 1'",
      "BIGINT UNSIGNED value is out of range in 'x - 5'",
      "BIGINT value is out of range in '3037000500 * 3037000500'",
    ]);
    const max = "18446744073709551615";
    assert.equal(
      run.stdout,
      table(
        [["a", "b", "c", "d", "e"], ["9223372036854775806", "4", max, "9223372036854775808", max]],
        [["v"], ["9223372036854775807"]],
      ),
    );
  });

  await step("CHECKSUM TABLE: equal rows in any order give equal sums", async () => {
    const out = await cliOk(
      port,
      `CREATE DATABASE e2e_cli_ck1; CREATE DATABASE e2e_cli_ck2;
CREATE TABLE e2e_cli_ck1.t (id INT PRIMARY KEY, v VARCHAR(10), d DECIMAL(5,2), b BLOB);
CREATE TABLE e2e_cli_ck2.t (id INT PRIMARY KEY, v VARCHAR(10), d DECIMAL(5,2), b BLOB);
INSERT INTO e2e_cli_ck1.t VALUES (1, 'x', 1.5, x'00ff'), (2, NULL, NULL, NULL);
INSERT INTO e2e_cli_ck2.t VALUES (2, NULL, NULL, NULL), (1, 'x', 1.5, x'00ff');
USE e2e_cli_ck1;
CHECKSUM TABLE t, e2e_cli_ck2.t, missing;
UPDATE e2e_cli_ck2.t SET v = 'X' WHERE id = 1;
CHECKSUM TABLE e2e_cli_ck2.t EXTENDED;`,
    );
    const lines = out.trim().split("\n").map((l) => l.split("\t"));
    assert.deepEqual(lines[0], ["Table", "Checksum"]);
    const [first, second, missing, , changed] = lines.slice(1);
    assert.deepEqual([first![0], second![0], missing], [
      "e2e_cli_ck1.t",
      "e2e_cli_ck2.t",
      ["e2e_cli_ck1.missing", "NULL"],
    ]);
    assert.match(first![1]!, /^\d+$/);
    assert.equal(second![1], first![1]);
    assert.equal(changed![0], "e2e_cli_ck2.t");
    assert.notEqual(changed![1], first![1]);
  });

  await step(
    "strings compare case-insensitively unless BINARY, JSON or a column differ",
    async () => {
      // Expected output is MariaDB 10.11's for the same statements.
      const out = await cliOk(
        port,
        `SELECT 'abc' = 'ABC' AS a, 'a' IN ('B', 'A') AS b, 'b' BETWEEN 'A' AND 'C' AS c,
  CONCAT('x', 'y') = 'XY' AS d, BINARY 'a' = 'A' AS e, JSON_UNQUOTE('"A"') = 'a' AS f,
  'a' < 'B' AS g, 'a' <=> 'A' AS h;`,
      );
      assert.equal(
        out,
        table([["a", "b", "c", "d", "e", "f", "g", "h"], ["1", "1", "1", "1", "0", "0", "1", "1"]]),
      );
    },
  );

  await step(
    "unreadable dates warn; JSON_VALUE answers ON EMPTY / ON ERROR; COMPRESS and AES",
    async () => {
      // Dates, COMPRESS and AES as MariaDB 10.11 gives them; JSON_VALUE's clauses as MySQL 8's
      // manual describes them (MariaDB has only the two-argument form).
      const script = `CREATE DATABASE e2e_cli_warn; USE e2e_cli_warn;
CREATE TABLE docs (id INT PRIMARY KEY, d JSON);
INSERT INTO docs VALUES (1, '{"name": "a", "tags": ["x", "y"], "n": "12"}'), (2, '{"name": null}');
SELECT DATE('2024-02-30') AS d, YEAR('bad') AS y, STR_TO_DATE('2024-13-01', '%Y-%m-%d') AS s;
SHOW WARNINGS;
SELECT id, JSON_VALUE(d, '$.name') AS name, JSON_VALUE(d, '$.tags') AS tags,
  JSON_VALUE(d, '$.n' RETURNING SIGNED) + 1 AS n1,
  JSON_VALUE(d, '$.missing' DEFAULT 'none' ON EMPTY) AS m FROM docs ORDER BY id;
SELECT JSON_VALUE(d, '$.missing' ERROR ON EMPTY) FROM docs;
SELECT JSON_VALUE('{"a": 1', '$.a') AS bad;
SHOW WARNINGS;
SELECT HEX(COMPRESS('hello')) AS c, UNCOMPRESS(COMPRESS('hello')) AS u,
  HEX(AES_ENCRYPT('text', 'key')) AS e,
  CAST(AES_DECRYPT(AES_ENCRYPT('text', 'key'), 'key') AS CHAR) AS t;
`;
      const run = await runCli(port, script, { args: ["--force"] });
      assert.match(
        run.stderr,
        /ERROR 3966 \(22035\) at line \d+: No value was found by 'json_value' on the specified path/,
      );
      const level = ["Level", "Code", "Message"];
      assert.equal(
        run.stdout,
        table(
          [["d", "y", "s"], ["NULL", "NULL", "NULL"]],
          [
            level,
            ["Warning", "1292", "Incorrect datetime value: '2024-02-30'"],
            ["Warning", "1292", "Incorrect datetime value: 'bad'"],
            ["Warning", "1411", "Incorrect datetime value: '2024-13-01' for function str_to_date"],
          ],
          [
            ["id", "name", "tags", "n1", "m"],
            ["1", "a", '["x", "y"]', "13", "none"],
            ["2", "NULL", "NULL", "NULL", "none"],
          ],
          [["bad"], ["NULL"]],
          [level, [
            "Warning",
            "3141",
            "Invalid JSON text in argument 1 to function json_value: " +
            `"Missing a comma or '}' after an object member."`,
          ]],
          [
            ["c", "u", "e", "t"],
            [
              "05000000789CCB48CDC9C90700062C0215",
              "hello",
              "15E36637363712FC2E699B9C95B75393",
              "text",
            ],
          ],
        ),
      );
    },
  );

  await step("an expression giving NULL for a NOT NULL column: MySQL's 1048 rules", async () => {
    // Expected output is MariaDB 10.11's for the same script (--force: past the errors):
    // strict mode and single-row INSERTs fail, IGNORE and non-strict multi-row writes warn
    // and write the default (the column's, else 0 or '').
    const script = shopScript("e2e_cli_not_null", { rows: false }) + `
CREATE TABLE nd (id INT PRIMARY KEY, n INT NOT NULL, s VARCHAR(5) NOT NULL);
INSERT IGNORE INTO orders (customer_id, amount) VALUES (2, NULL + 1);
SHOW WARNINGS;
INSERT INTO orders (customer_id, amount) VALUES (7, NULL + 1), (8, 5);
UPDATE orders SET amount = NULL + 1;
SET sql_mode = '';
INSERT INTO orders (customer_id, amount) VALUES (9, NULL + 1);
INSERT INTO nd VALUES (1, NULL + 1, CONCAT(NULL, 'x')), (2, 3, 'y');
SHOW WARNINGS;
SELECT * FROM nd;
SELECT customer_id, amount FROM orders ORDER BY id;
`;
    const run = await runCli(port, script, { args: ["--force"] });
    const errors = run.stderr.match(
      /ERROR 1048 \(23000\) at line \d+: Column 'amount' cannot be null/g,
    );
    assert.equal(errors?.length, 3, run.stderr);
    const warning = (column: string) => ["Warning", "1048", `Column '${column}' cannot be null`];
    assert.equal(
      run.stdout,
      table(
        [["Level", "Code", "Message"], warning("amount")],
        [["Level", "Code", "Message"], warning("n"), warning("s")],
        [["id", "n", "s"], ["1", "0", ""], ["2", "3", "y"]],
        [["customer_id", "amount"], ["2", "0.00"]],
      ),
    );
  });

  await step("strict mode refuses values a column cannot hold; otherwise they warn", async () => {
    // MySQL 8's errors and warnings (MariaDB 10.11 gives the same, naming columns its way).
    const script = shopScript("e2e_cli_strict", { rows: false }) + `
CREATE TABLE t (tiny TINYINT, n INT, p DECIMAL(5,2), v VARCHAR(5), e ENUM('x','y'),
  y YEAR, d DATE, u INT UNSIGNED);
INSERT INTO t (tiny) VALUES (300);
INSERT INTO t (v) VALUES ('abcdefgh');
INSERT INTO t (n) VALUES ('abc');
INSERT INTO t (n) VALUES ('12abc');
INSERT INTO t (p) VALUES (1234.5);
INSERT INTO t (e) VALUES ('zzz');
INSERT INTO t (y) VALUES (1800);
INSERT INTO t (d) VALUES ('2024-02-30');
INSERT INTO t (u) VALUES (-1);
INSERT INTO t (v, n, p) VALUES ('abc  ', '  42 ', 1.555);
INSERT IGNORE INTO t (tiny, v) VALUES (300, 'abcdefgh');
SHOW WARNINGS;
SET sql_mode = '';
INSERT INTO t (tiny, n, e, d) VALUES (-300, 'abc', 'q', '2024-13-01');
SHOW WARNINGS;
SELECT tiny, n, p, v, e, d FROM t;
`;
    const run = await runCli(port, script, { args: ["--force"] });
    const errors = [...run.stderr.matchAll(/ERROR (\d+) \((\w+)\) at line \d+: (.*)/g)].map((
      m,
    ) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(errors, [
      "1264 22003 Out of range value for column 'tiny' at row 1",
      "1406 22001 Data too long for column 'v' at row 1",
      "1366 HY000 Incorrect integer value: 'abc' for column 'n' at row 1",
      "1265 01000 Data truncated for column 'n' at row 1",
      "1264 22003 Out of range value for column 'p' at row 1",
      "1265 01000 Data truncated for column 'e' at row 1",
      "1264 22003 Out of range value for column 'y' at row 1",
      "1292 22007 Incorrect date value: '2024-02-30' for column 'd' at row 1",
      "1264 22003 Out of range value for column 'u' at row 1",
    ]);
    const warning = (code: string, message: string) => ["Warning", code, message];
    assert.equal(
      run.stdout,
      table(
        [
          ["Level", "Code", "Message"],
          warning("1264", "Out of range value for column 'tiny' at row 1"),
          warning("1265", "Data truncated for column 'v' at row 1"),
        ],
        [
          ["Level", "Code", "Message"],
          warning("1264", "Out of range value for column 'tiny' at row 1"),
          warning("1366", "Incorrect integer value: 'abc' for column 'n' at row 1"),
          warning("1265", "Data truncated for column 'e' at row 1"),
          warning("1265", "Data truncated for column 'd' at row 1"),
        ],
        [
          ["tiny", "n", "p", "v", "e", "d"],
          ["NULL", "42", "1.56", "abc  ", "NULL", "NULL"],
          ["127", "NULL", "NULL", "abcde", "NULL", "NULL"],
          ["-128", "0", "NULL", "NULL", "", "0000-00-00"],
        ],
      ),
    );
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

  await step("LOAD DATA LOCAL INFILE and mysqlimport load files as MySQL does", async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        `${dir}/people.tsv`,
        "1\tAnn\t10.5\n2\tBob\t\\N\n3\tCy\n1\tdup\t0\n",
      );
      await Deno.writeTextFile(
        `${dir}/p.csv`,
        'id,name,score\r\n10,"Smith, J",1.5\r\n11,"said ""hi""",2\r\n',
      );
      const setup = "DROP DATABASE IF EXISTS e2e_load; CREATE DATABASE e2e_load; USE e2e_load; " +
        "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50), score DECIMAL(5,2) DEFAULT 7);";
      await cliOk(port, setup, { inline: true });
      const load = await cliOk(
        port,
        `LOAD DATA LOCAL INFILE '${dir}/people.tsv' INTO TABLE people; SHOW WARNINGS; ` +
          `LOAD DATA LOCAL INFILE '${dir}/p.csv' INTO TABLE people FIELDS TERMINATED BY ',' ` +
          `OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES (id, name, score); ` +
          "SELECT * FROM people ORDER BY id;",
        { inline: true, database: "e2e_load", args: ["--local-infile=1"] },
      );
      assert.equal(
        load,
        table(
          [
            ["Level", "Code", "Message"],
            ["Warning", "1261", "Row 3 doesn't contain data for all columns"],
            ["Warning", "1062", "Duplicate entry '1' for key 'people.PRIMARY'"],
          ],
          [
            ["id", "name", "score"],
            ["1", "Ann", "10.50"],
            ["2", "Bob", "NULL"],
            ["3", "Cy", "0.00"],
            ["10", "Smith, J", "1.50"],
            ["11", 'said "hi"', "2.00"],
          ],
        ),
      );
      // mysqlimport names the table after the file and reports MySQL's counts.
      await Deno.rename(`${dir}/people.tsv`, `${dir}/people`);
      const imported = await new Deno.Command("mysqlimport", {
        args: [...mysqlToolArgs(port), "--local", "--replace", "e2e_load", `${dir}/people`],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(
        new TextDecoder().decode(imported.stdout) + new TextDecoder().decode(imported.stderr),
        "e2e_load.people: Records: 4  Deleted: 4  Skipped: 0  Warnings: 1\n",
      );
      const refused = await runCli(port, "LOAD DATA INFILE '/etc/passwd' INTO TABLE people", {
        inline: true,
        database: "e2e_load",
      });
      assert.match(refused.stderr, /ERROR 1290 \(HY000\)/);
      const disabled = await runCli(
        port,
        `LOAD DATA LOCAL INFILE '${dir}/p.csv' INTO TABLE people`,
        { inline: true, database: "e2e_load", args: ["--local-infile=0"] },
      );
      assert.match(disabled.stderr, /ERROR 3948 \(42000\)/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await step("SQL-level PREPARE, EXECUTE ... USING and DEALLOCATE PREPARE", async () => {
    const out = await cliOk(
      port,
      "CREATE DATABASE IF NOT EXISTS e2e_sqlps; USE e2e_sqlps; " +
        "CREATE TABLE ps (id INT PRIMARY KEY, v VARCHAR(10)); " +
        "PREPARE ins FROM 'INSERT INTO ps VALUES (?, ?)'; " +
        "SET @a = 1, @b = 'one'; EXECUTE ins USING @a, @b; " +
        "SET @a = 2, @b = 'two'; EXECUTE ins USING @a, @b; " +
        "SET @q = 'SELECT v FROM ps WHERE id > ? ORDER BY id'; PREPARE sel FROM @q; " +
        "SET @min = 0; EXECUTE sel USING @min; DEALLOCATE PREPARE ins;",
      { inline: true },
    );
    assert.equal(out, table([["v"], ["one"], ["two"]]));
    const gone = await runCli(port, "USE e2e_sqlps; EXECUTE ins USING @a, @b;", { inline: true });
    assert.match(gone.stderr, /ERROR 1243 \(HY000\).*Unknown prepared statement handler \(ins\)/);
  });

  await step("mysqlslap's generated loads run (its queries end with a NUL byte)", async () => {
    for (const load of ["mixed", "write", "key", "update", "read"]) {
      const out = await new Deno.Command("mysqlslap", {
        args: [
          ...mysqlToolArgs(port),
          "--auto-generate-sql",
          `--auto-generate-sql-load-type=${load}`,
          "--auto-generate-sql-add-autoincrement",
          "--concurrency=4",
          "--number-of-queries=400",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `${load}: ${text}`);
      assert.match(text, /Average number of seconds to run all queries/, load);
    }
  });
});
