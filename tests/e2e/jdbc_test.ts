/**
 * JDBC, as DBeaver and other Java tools use it: MySQL Connector/J (fetched by
 * scripts/fetch-jdbc-driver.sh) runs tests/e2e/jdbc/JdbcCheck.java against a node. The
 * expected lines were checked against MariaDB 10.11 (`E2E_EXTERNAL_PORT`): it gives the same
 * except `made`, whose milliseconds Connector/J drops there (it reads MariaDB's `5.5.5-`
 * version prefix as a server without fractional seconds; MySQL 8 keeps them).
 */
import assert from "node:assert/strict";
import { cliOk } from "./support/cli.ts";
import { e2eSuite } from "./support/suite.ts";

const HERE = new URL(".", import.meta.url).pathname;
const JAR = new URL("../../.cache/jdbc/mysql-connector-j-9.5.0.jar", import.meta.url).pathname;

const SCHEMA = `
DROP DATABASE IF EXISTS jdbc_db; CREATE DATABASE jdbc_db CHARACTER SET utf8mb4; USE jdbc_db;
CREATE TABLE kinds (id INT PRIMARY KEY, label VARCHAR(20));
CREATE TABLE items (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  price DECIMAL(10,2),
  data BLOB,
  made DATETIME(3),
  big BIGINT,
  kind_id INT,
  KEY idx_name (name),
  CONSTRAINT fk_kind FOREIGN KEY (kind_id) REFERENCES kinds (id)
);
CREATE VIEW named AS SELECT id, name FROM items;
`;

const EXPECTED: Record<string, string> = {
  product: "MySQL",
  tables: "[items, kinds]",
  views: "[named]",
  catalogs_include_db: "true",
  columns: "[id:BIGINT:-5:NO:YES, name:VARCHAR:12:NO:NO, price:DECIMAL:3:YES:NO, " +
    "data:BLOB:-4:YES:NO, made:DATETIME:93:YES:NO, big:BIGINT:-5:YES:NO, kind_id:INT:4:YES:NO]",
  primary_key: "[id]",
  imported_keys: "[kinds]",
  indexes: "[PRIMARY, fk_kind, idx_name]",
  keywords_has_accessible: "true",
  column_privileges: "[]",
  procedures: "[]",
  insert_count: "1",
  generated_key: "1",
  name: "caf\u00e9 \u2615",
  price: "1234.50",
  bytes_equal: "true",
  made: "2024-02-29 23:59:58.123",
  big: "9223372036854775807",
  // rewriteBatchedStatements: one multi-row INSERT, counts unknown per row (SUCCESS_NO_INFO).
  batch: "[-2, -2, -2, -2, -2]",
  after_rollback: "0",
  after_commit: "1235.50",
  duplicate: "1062/23000/true",
};

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, `${cmd} failed:\n${new TextDecoder().decode(out.stderr)}\n${text}`);
  return text;
}

e2eSuite("JDBC (MySQL Connector/J) metadata, prepared statements and transactions", async ({
  port,
  step,
}) => {
  await step("JdbcCheck gets MySQL's answers", async () => {
    assert.ok(
      await Deno.stat(JAR).then(() => true, () => false),
      `${JAR} is missing: run scripts/fetch-jdbc-driver.sh`,
    );
    await cliOk(port, SCHEMA);
    const classes = await Deno.makeTempDir();
    try {
      await run("javac", ["-cp", JAR, "-d", classes, `${HERE}jdbc/JdbcCheck.java`]);
      const out = await run("java", [
        "-cp",
        `${JAR}:${classes}`,
        "JdbcCheck",
        `127.0.0.1:${port}`,
        "jdbc_db",
      ]);
      const got = Object.fromEntries(
        out.trim().split("\n").map((
          l,
        ) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      assert.deepEqual(got, EXPECTED);
    } finally {
      await Deno.remove(classes, { recursive: true });
    }
  });
});
