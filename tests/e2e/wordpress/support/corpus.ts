/**
 * The WordPress query corpus file (`tests/fixtures/wordpress/queries.sql`): every distinct
 * statement WordPress sent to MariaDB during the end-to-end flow, in first-seen order, each
 * with what MariaDB answered when the corpus was replayed on a fresh database.
 *
 * Format: a header of `--` lines, then one entry per statement:
 *
 *     -- @@ <n> <outcome>
 *     <statement text, possibly many lines>
 *
 * where <outcome> is `ok affected=<n>`, `rows=<n>` (optionally ` result=<hash>` when the
 * rows themselves are compared), or `error=<code> <message>`.
 */

/** What MariaDB answered to one statement. */
export type Outcome =
  | { kind: "ok"; affected: number }
  | { kind: "rows"; count: number; hash?: string }
  | { kind: "error"; code: number; message: string };

/** One recorded statement. */
export interface CorpusEntry {
  n: number;
  sql: string;
  outcome: Outcome;
}

const MARK = "-- @@ ";

/** Serialises an outcome for the entry line. */
export function formatOutcome(o: Outcome): string {
  if (o.kind === "ok") return `ok affected=${o.affected}`;
  if (o.kind === "rows") return `rows=${o.count}${o.hash ? ` result=${o.hash}` : ""}`;
  return `error=${o.code} ${o.message.replace(/\s+/g, " ")}`;
}

function _parseOutcome(text: string, line: number): Outcome {
  let m = /^ok affected=(\d+)$/.exec(text);
  if (m) return { kind: "ok", affected: Number(m[1]) };
  m = /^rows=(\d+)(?: result=([0-9a-f]+))?$/.exec(text);
  if (m) {
    return m[2]
      ? { kind: "rows", count: Number(m[1]), hash: m[2] }
      : { kind: "rows", count: Number(m[1]) };
  }
  m = /^error=(\d+) (.*)$/.exec(text);
  if (m) return { kind: "error", code: Number(m[1]), message: m[2] ?? "" };
  throw new Error(`Cannot parse corpus outcome at line ${line}: ${text}`);
}

/** Reads the corpus file's text. */
export function parseCorpus(text: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  let current: { n: number; outcome: Outcome; lines: string[] } | undefined;
  const flush = () => {
    if (current) {
      entries.push({ n: current.n, outcome: current.outcome, sql: current.lines.join("\n") });
    }
  };
  text.split("\n").forEach((line, i) => {
    if (line.startsWith(MARK)) {
      flush();
      const m = /^(\d+) (.*)$/.exec(line.slice(MARK.length));
      if (!m) throw new Error(`Cannot parse corpus entry line ${i + 1}: ${line}`);
      current = { n: Number(m[1]), outcome: _parseOutcome(m[2] ?? "", i + 1), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  });
  flush();
  for (const e of entries) e.sql = e.sql.replace(/\n+$/, "");
  return entries;
}

/** Writes the corpus file's text with a header. */
export function formatCorpus(header: string[], entries: CorpusEntry[]): string {
  const head = header.map((h) => `-- ${h}`.trimEnd()).join("\n");
  const body = entries.map((e) => `${MARK}${e.n} ${formatOutcome(e.outcome)}\n${e.sql}`);
  return `${head}\n\n${body.join("\n")}\n`;
}

/** A short hash of a result set: column names and rows, order-insensitive. */
export async function resultHash(columns: string[], rows: unknown[][]): Promise<string> {
  const lines = rows.map((r) => JSON.stringify(r.map((v) => (v === null ? null : String(v)))));
  lines.sort();
  const text = JSON.stringify(columns) + "\n" + lines.join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
