/**
 * Every statement of the recorded WordPress query corpus (tests/fixtures/wordpress/
 * queries.sql, what WordPress 6.1 sent to MariaDB during the end-to-end flow) goes through
 * the translator without an error, unless MariaDB also refused it. No server: this is the
 * fast check; tests/e2e/wordpress/corpus_test.ts runs the same corpus against a node.
 */
import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import { parseCorpus } from "../../e2e/wordpress/support/corpus.ts";

const FIXTURE = new URL("../../fixtures/wordpress/queries.sql", import.meta.url);
const entries = parseCorpus(Deno.readTextFileSync(FIXTURE));

Deno.test("the WordPress corpus has the statements of a whole install-write-browse run", () => {
  assert.ok(entries.length > 1000, `${entries.length} statements`);
  const text = entries.map((e) => e.sql).join("\n");
  for (
    const shape of [
      /^CREATE TABLE wp_posts \(/m,
      /^SHOW FULL COLUMNS FROM `wp_options`/m,
      /SQL_CALC_FOUND_ROWS/,
      /^SELECT FOUND_ROWS\(\)/m,
      /^INSERT INTO `wp_options` .* ON DUPLICATE KEY UPDATE/m,
      /^DELETE a, b FROM wp_options a, wp_options b/m,
    ]
  ) {
    assert.match(text, shape);
  }
});

Deno.test("every corpus statement MariaDB accepted translates without an error", () => {
  const translator = new Translator({ cacheSize: 4096 });
  const failures: string[] = [];
  for (const entry of entries) {
    if (entry.outcome.kind === "error") continue;
    try {
      translator.translate(entry.sql, { database: "wordpress", schema: null });
    } catch (e) {
      const sql = entry.sql.length > 300 ? `${entry.sql.slice(0, 300)}...` : entry.sql;
      failures.push(`#${entry.n}: ${sql}\n    ${(e as Error).message}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} failed:\n${failures.join("\n")}`);
});

Deno.test("translating a corpus statement twice gives the same SQLite statement", () => {
  // The second translation comes from the template cache: it must bind the same values.
  const translator = new Translator({ cacheSize: 4096 });
  const ctx = { database: "wordpress", schema: null };
  const differing: string[] = [];
  for (const entry of entries) {
    if (entry.outcome.kind === "error" || !/^\s*(?:SELECT|INSERT|UPDATE|DELETE)/i.test(entry.sql)) {
      continue;
    }
    const first = JSON.stringify(translator.translate(entry.sql, ctx));
    const second = JSON.stringify(translator.translate(entry.sql, ctx));
    if (first !== second) differing.push(`#${entry.n}: ${entry.sql.slice(0, 200)}`);
  }
  assert.deepEqual(differing, []);
});
