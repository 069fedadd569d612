/**
 * Records tests/fixtures/wordpress/queries.sql: starts a throwaway MariaDB with the general
 * log on, runs the WordPress end-to-end test against it (E2E_EXTERNAL_PORT), keeps every
 * distinct statement WordPress sent, replays them in order on a fresh database to note what
 * MariaDB answers to each, and writes the corpus. Not a test; run it by hand when the flow
 * changes:
 *
 *     deno run -A tests/e2e/wordpress/record_corpus.ts
 */
import { type CorpusEntry, formatCorpus } from "./support/corpus.ts";
import { parseGeneralLog, wordpressStatements } from "./support/general_log.ts";
import { startMariadb } from "./support/mariadb.ts";
import { openReplayConnection, replayStatement } from "./support/replay.ts";
import { WP_DATABASE } from "./support/wordpress_suite.ts";
import { WORDPRESS_DIR } from "./support/wordpress_site.ts";

const HERE = new URL(".", import.meta.url).pathname;
const FIXTURE = new URL("../../fixtures/wordpress/queries.sql", import.meta.url).pathname;
/** The corpus stays reviewable: beyond this many statements the rest are dropped. */
const MAX_STATEMENTS = 4000;
/** Statements longer than this (the flow's 1 MB post) are left out of the file. */
const MAX_STATEMENT_CHARS = 64 * 1024;

async function _runFlow(port: number): Promise<boolean> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", `${HERE}wordpress_test.ts`],
    env: { E2E_EXTERNAL_PORT: String(port), NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return out.success;
}

async function _replay(port: number, statements: string[]): Promise<CorpusEntry[]> {
  const admin = await openReplayConnection(port);
  await admin.query(`DROP DATABASE IF EXISTS ${WP_DATABASE}`);
  await admin.query(`CREATE DATABASE ${WP_DATABASE}`);
  await admin.end();
  const conn = await openReplayConnection(port, { database: WP_DATABASE });
  const entries: CorpusEntry[] = [];
  for (const [i, sql] of statements.entries()) {
    entries.push({ n: i + 1, sql, outcome: await replayStatement(conn, sql) });
  }
  await conn.end();
  return entries;
}

async function main(): Promise<void> {
  const db = await startMariadb({ generalLog: true });
  try {
    const passed = await _runFlow(db.port);
    if (!passed && !Deno.args.includes("--allow-failures")) {
      throw new Error(
        "The WordPress flow failed against MariaDB: fix the test first " +
          "(or pass --allow-failures to record anyway)",
      );
    }
    const logged = wordpressStatements(parseGeneralLog(await Deno.readTextFile(db.generalLog)));
    const all = logged.filter((sql) => sql.length <= MAX_STATEMENT_CHARS);
    const long = logged.length - all.length;
    const statements = all.slice(0, MAX_STATEMENTS);
    const entries = await _replay(db.port, statements);
    const conn = await openReplayConnection(db.port);
    const [rows] = await conn.query("SELECT VERSION()");
    await conn.end();
    const version = String((rows as unknown[][])[0]?.[0]);
    const wp = /\$wp_version = '([^']+)'/.exec(
      await Deno.readTextFile(`${WORDPRESS_DIR}/wp-includes/version.php`),
    )?.[1];
    const errors = entries.filter((e) => e.outcome.kind === "error").length;
    const header = [
      "WordPress query corpus: every distinct statement WordPress sent during",
      "tests/e2e/wordpress/wordpress_test.ts, in first-seen order.",
      `Recorded from MariaDB ${version} with WordPress ${wp} on ${
        new Date().toISOString().slice(0, 10)
      }`,
      "by `deno run -A tests/e2e/wordpress/record_corpus.ts` (do not edit by hand).",
      `${entries.length} statements${
        all.length > statements.length ? ` (the first ${MAX_STATEMENTS} of ${all.length})` : ""
      }; ${errors} of them fail on MariaDB too when replayed in order on a fresh database.`,
      `${long} statement(s) longer than ${MAX_STATEMENT_CHARS} characters were left out.`,
      "Each entry: `-- @@ <n> <what MariaDB answered on replay>` then the statement.",
      "tests/e2e/wordpress/corpus_test.ts replays it against a node and compares.",
    ];
    await Deno.writeTextFile(FIXTURE, formatCorpus(header, entries));
    console.log(`Wrote ${entries.length} statements (${errors} MariaDB errors) to ${FIXTURE}`);
  } finally {
    await db.stop();
  }
}

if (import.meta.main) await main();
