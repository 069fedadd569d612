/**
 * The WordPress query corpus (tests/fixtures/wordpress/queries.sql, recorded from MariaDB by
 * record_corpus.ts) replayed in order against a fresh node, over one connection as mysqli
 * sends it: every statement must get the answer MariaDB gave on the same replay. Errors
 * MariaDB also gave (the queries WordPress makes before its tables exist) are expected.
 * With E2E_EXTERNAL_PORT it replays against that server instead, which checks the corpus.
 */
import assert from "node:assert/strict";
import { startTarget } from "../support/target.ts";
import { type CorpusEntry, formatOutcome, type Outcome, parseCorpus } from "./support/corpus.ts";
import { openReplayConnection, replayStatement } from "./support/replay.ts";
import { WP_DATABASE } from "./support/wordpress_suite.ts";

const FIXTURE = new URL("../../fixtures/wordpress/queries.sql", import.meta.url);

/**
 * Statements whose answer legitimately differs from MariaDB's (a MySQL 8 server answers as
 * we do), by a pattern of their text, with the reason.
 */
const KNOWN_DIFFERENCES: Array<{ pattern: RegExp; reason: string }> = [];

/** One statement whose answer differs. */
interface Mismatch {
  entry: CorpusEntry;
  ours: Outcome;
}

function _describe(m: Mismatch): string {
  const sql = m.entry.sql.length > 600 ? `${m.entry.sql.slice(0, 600)}...` : m.entry.sql;
  return `#${m.entry.n}: ${sql}\n    MariaDB: ${formatOutcome(m.entry.outcome)}\n    ours:    ${
    formatOutcome(m.ours)
  }`;
}

function _report(title: string, list: Mismatch[]): void {
  const shown = list.slice(0, 40).map(_describe).join("\n");
  const more = list.length > 40 ? `\n... and ${list.length - 40} more` : "";
  assert.equal(list.length, 0, `${list.length} ${title}:\n${shown}${more}`);
}

Deno.test({
  name: "the WordPress query corpus gets MariaDB's answers from a node",
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  const entries = parseCorpus(await Deno.readTextFile(FIXTURE));
  assert.ok(entries.length > 500, `only ${entries.length} statements in the corpus`);
  const target = await startTarget();
  const errors: Mismatch[] = [];
  const counts: Mismatch[] = [];
  const rows: Mismatch[] = [];
  let failed = false;
  try {
    const admin = await openReplayConnection(target.port);
    await admin.query(`DROP DATABASE IF EXISTS ${WP_DATABASE}`);
    await admin.query(`CREATE DATABASE ${WP_DATABASE}`);
    await admin.end();
    const conn = await openReplayConnection(target.port, { database: WP_DATABASE });
    for (const entry of entries) {
      if (KNOWN_DIFFERENCES.some((k) => k.pattern.test(entry.sql))) continue;
      const ours = await replayStatement(conn, entry.sql);
      const theirs = entry.outcome;
      if ((ours.kind === "error") !== (theirs.kind === "error")) {
        errors.push({ entry, ours });
      } else if (ours.kind === "error" && theirs.kind === "error") {
        if (ours.code !== theirs.code) errors.push({ entry, ours });
      } else if (ours.kind !== theirs.kind) {
        counts.push({ entry, ours });
      } else if (ours.kind === "ok" && theirs.kind === "ok") {
        if (ours.affected !== theirs.affected) counts.push({ entry, ours });
      } else if (ours.kind === "rows" && theirs.kind === "rows") {
        if (ours.count !== theirs.count) counts.push({ entry, ours });
        else if (theirs.hash && ours.hash !== theirs.hash) rows.push({ entry, ours });
      }
    }
    await conn.end();

    const steps: Array<[string, () => void]> = [
      [
        "no statement fails that MariaDB runs, and failures have MariaDB's error code",
        () => _report("statements with another error outcome", errors),
      ],
      [
        "affected rows and row counts are MariaDB's",
        () => _report("statements with other counts", counts),
      ],
      [
        "rows read from WordPress tables are MariaDB's",
        () => _report("reads with other rows", rows),
      ],
    ];
    for (const [name, fn] of steps) {
      if (!await t.step(name, fn)) failed = true;
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    if (failed && !target.external) {
      console.error(`--- last node log lines ---\n${target.logs().slice(-3000)}`);
    }
    await target.stop();
    await target.cleanup();
  }
});
