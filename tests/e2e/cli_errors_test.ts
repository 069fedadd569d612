/**
 * The `mariadb` CLI's view of metadata and errors: SHOW WARNINGS, SHOW / DESCRIBE output,
 * `status`, the `-e` form, and errors printed as `ERROR <code> (<SQLSTATE>) at line <n>:
 * <message>` exactly as a MySQL server makes the client print them.
 */
import assert from "node:assert/strict";
import { cliOk, runCli, table } from "./support/cli.ts";
import { shopScript } from "./support/shop_schema.ts";
import { e2eSuite } from "./support/suite.ts";

/** The client echoes the failing statement to stderr first; the ERROR line comes last. */
function lastLine(stderr: string): string {
  return stderr.trimEnd().split("\n").at(-1) ?? "";
}

e2eSuite("mysql CLI prints MySQL's metadata and errors", async ({ port, step }) => {
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
