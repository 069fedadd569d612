/**
 * `mysqldump` (MariaDB's `mariadb-dump`) backs a database up and the `mysql` client restores
 * it: every value must come back byte for byte, BLOB bytes that are not UTF-8 included,
 * which the dump writes raw inside quoted literals unless told `--hex-blob`.
 */
import assert from "node:assert/strict";
import { mysqlToolArgs } from "../helpers/mod.ts";
import { cliOk } from "./support/cli.ts";
import { e2eSuite } from "./support/suite.ts";

const SCHEMA = `
CREATE TABLE items (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  body TEXT,
  data BLOB,
  price DECIMAL(10,2),
  ratio DOUBLE,
  big BIGINT UNSIGNED,
  made DATETIME(3),
  kind ENUM('a','b') DEFAULT 'a',
  UNIQUE KEY uniq_name (name)
);
CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
`;

/** Every byte value once, and text with quotes, backslashes, control bytes and emoji. */
function rowsSql(): string {
  let all = "";
  for (let b = 0; b < 256; b++) all += b.toString(16).padStart(2, "0");
  return `
INSERT INTO items (name, body, data, price, ratio, big, made, kind) VALUES
 ('all bytes', 'quote '' dq " bs \\\\ nl \\n tab \\t nul \\0 end', X'${all}', 9.99, 0.1, 18446744073709551615, '2026-01-02 03:04:05.678', 'b'),
 ('high bytes', 'h\u00e9llo \u{1F600}', X'FFFEFD00', -1.5, -2.5e-300, 0, NULL, 'a'),
 ('nulls', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
`;
}

const CHECK = "SELECT id, name, HEX(body), HEX(data), price, ratio, big, made, kind FROM items " +
  "ORDER BY id; SELECT * FROM cheap ORDER BY id;";

async function dump(port: number, database: string, extra: string[]): Promise<Uint8Array> {
  const out = await new Deno.Command("mysqldump", {
    args: [...mysqlToolArgs(port), ...extra, database],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return out.stdout;
}

e2eSuite(
  "mysqldump backs up and the mysql client restores byte for byte",
  async ({ port, step }) => {
    await cliOk(port, `CREATE DATABASE dump_src; USE dump_src; ${SCHEMA} ${rowsSql()}`);
    const original = await cliOk(port, CHECK, { database: "dump_src" });

    for (
      const [label, extra] of [["raw BLOB bytes", []], ["--hex-blob", ["--hex-blob"]]] as const
    ) {
      await step(`a dump with ${label} restores into another database unchanged`, async () => {
        const target = `dump_copy_${extra.length}`;
        const bytes = await dump(port, "dump_src", [...extra]);
        await cliOk(port, `DROP DATABASE IF EXISTS ${target}; CREATE DATABASE ${target};`);
        await cliOk(port, bytes, { database: target });
        assert.equal(await cliOk(port, CHECK, { database: target }), original);
        // AUTO_INCREMENT goes on after the restored rows.
        const next = await cliOk(
          port,
          "INSERT INTO items (name) VALUES ('after restore'); SELECT LAST_INSERT_ID();",
          { database: target },
        );
        assert.equal(next, "LAST_INSERT_ID()\n4\n");
      });
    }
  },
);
