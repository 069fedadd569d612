/**
 * Helpers that exist for the translator (syntax SQLite cannot express) and the list of every
 * such name, so the translator has one place to check what it may emit. Most helpers live with
 * their family; the FULLTEXT fallback `mysql_match` lives here.
 *
 * `mysql_match(haystack, query, boolean_mode)` stands in for `MATCH(cols) AGAINST(query)` on
 * tables without a full-text index: words are runs of letters, digits and '_', compared
 * case- and accent-insensitively; words shorter than 3 characters and InnoDB's default
 * stopwords are ignored. Natural mode scores the number of query-word occurrences in the text
 * (0 when none); boolean mode honours `+word`, `-word`, `word*`, `"a phrase"` and `~word`,
 * scores matched terms, and is 0 when a required term is missing or an excluded one present.
 * Scores order like MySQL's for simple cases; their values are not InnoDB's TF-IDF.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { definer } from "./define.ts";
import { foldCase, toText, truthy } from "./values.ts";

/** Every helper the translator may emit, with the MySQL syntax it stands for. */
export const TRANSLATOR_HELPERS: Readonly<Record<string, string>> = {
  mysql_date_add: "DATE_ADD(d, INTERVAL n unit), d + INTERVAL n unit (unit upper-case)",
  mysql_date_sub: "DATE_SUB(d, INTERVAL n unit), d - INTERVAL n unit",
  mysql_extract: "EXTRACT(unit FROM d)",
  mysql_timestampdiff: "TIMESTAMPDIFF(unit, a, b)",
  mysql_timestampadd: "TIMESTAMPADD(unit, n, d)",
  mysql_cast: "CAST(x AS type), CONVERT(x, type) (type upper-case: 'DECIMAL(10,2)')",
  mysql_convert_charset: "CONVERT(x USING charset)",
  mysql_div: "a DIV b",
  mysql_mod: "a % b, a MOD b",
  mysql_division: "a / b (optional third argument: result scale, -1 for DOUBLE)",
  mysql_xor: "a XOR b",
  mysql_decimal_text:
    "a DECIMAL value in string context (CONCAT, LIKE, CAST AS CHAR): its text at its scale",
  mysql_exact: "DECIMAL arithmetic compared (0.1 + 0.2 = 0.3): a double to 15 significant digits",
  mysql_bitxor: "a ^ b",
  mysql_round: "ROUND(x, d) with x known exact (1) or approximate (0)",
  mysql_trim: "TRIM([BOTH|LEADING|TRAILING] rem FROM s) as mysql_trim(s, rem, mode)",
  mysql_insert: "INSERT(s, pos, len, new) (INSERT is a keyword in SQLite)",
  mysql_isnull: "ISNULL(x) (ISNULL is a keyword in SQLite)",
  mysql_match:
    "MATCH(cols) AGAINST(q [IN BOOLEAN MODE]) as mysql_match(concat_ws(' ', cols), q, 0|1)",
  mysql_json_extract: "JSON_EXTRACT(doc, path, ...), doc -> path (MySQL's JSON text result)",
  mysql_json_format: "MySQL 8 text of a JSON value reaching the client",
  mysql_member_of: "x MEMBER OF (doc)",
  regexp_binary: "s REGEXP BINARY p (case-sensitive)",
  mysql_sort_key: "ORDER BY a text column of a _ci collation (case and accents folded)",
  mysql_member_position:
    "ORDER BY an ENUM / SET column: the member's position, the members' bits (JSON list, 1 = SET)",
  last_insert_id: "LAST_INSERT_ID(expr) (the no-argument form is a session value)",
  mysql_last_insert_id: "LAST_INSERT_ID() in a statement that sets it (read live)",
  mysql_getvar: "@name in a statement that assigns user variables (read live)",
  mysql_setvar: "@name := expr",
  mysql_not_null:
    "a value written to a NOT NULL column: NULL warns or fails (1048), as mysql_not_null(v, column, single_row_insert)",
  now: "NOW(), CURRENT_TIMESTAMP (a SQLite keyword: rename it)",
  curdate: "CURDATE(), CURRENT_DATE (a SQLite keyword: rename it)",
  curtime: "CURTIME(), CURRENT_TIME (a SQLite keyword: rename it)",
  locate: "POSITION(sub IN s) as locate(sub, s)",
  __marmot_autoid: "an AUTO_INCREMENT column given NULL, 0 or nothing (auto_id.ts)",
};

const STOPWORDS = new Set(
  ("a about an are as at be by com de en for from how i in is it la of on or that the this to " +
    "was what when where who will with und www").split(" "),
);
const MIN_WORD = 3;
const WORD = /[\p{L}\p{N}_]+/gu;

function _words(s: string): string[] {
  return foldCase(s).match(WORD) ?? [];
}

function _indexable(w: string): boolean {
  return w.length >= MIN_WORD && !STOPWORDS.has(w);
}

interface Term {
  op: "" | "+" | "-" | "~";
  words: string[]; // one word, or a phrase
  prefix: boolean;
}

const _queries = new Map<string, Term[]>();

function _parseBoolean(q: string): Term[] {
  const hit = _queries.get(q);
  if (hit !== undefined) return hit;
  const terms: Term[] = [];
  const re = /([+\-~<>]*)(?:"([^"]*)"|([\p{L}\p{N}_]+)(\*?))/gu;
  for (const m of q.matchAll(re)) {
    const ops = m[1] ?? "";
    const op = ops.includes("+") ? "+" : ops.includes("-") ? "-" : ops.includes("~") ? "~" : "";
    if (m[2] !== undefined) {
      const words = _words(m[2]);
      if (words.length > 0) terms.push({ op, words, prefix: false });
    } else {
      const w = foldCase(m[3] as string);
      const prefix = m[4] === "*";
      if (prefix || _indexable(w)) terms.push({ op, words: [w], prefix });
    }
  }
  if (_queries.size >= 128) _queries.clear();
  _queries.set(q, terms);
  return terms;
}

function _count(text: string[], t: Term): number {
  if (t.words.length === 1) {
    const w = t.words[0] as string;
    let n = 0;
    for (const x of text) if (t.prefix ? x.startsWith(w) : x === w) n++;
    return n;
  }
  let n = 0;
  outer: for (let i = 0; i + t.words.length <= text.length; i++) {
    for (let k = 0; k < t.words.length; k++) if (text[i + k] !== t.words[k]) continue outer;
    n++;
  }
  return n;
}

/** Relevance of `haystack` for `query` (0 when it does not match). */
export function matchScore(
  haystack: string,
  query: string,
  options: { booleanMode: boolean },
): number {
  const { booleanMode } = options;
  const text = _words(haystack);
  if (!booleanMode) {
    let score = 0;
    for (const w of new Set(_words(query).filter(_indexable))) {
      for (const x of text) if (x === w) score++;
    }
    return score;
  }
  let score = 0;
  let positive = false;
  for (const t of _parseBoolean(query)) {
    const n = _count(text, t);
    if (t.op === "+" && n === 0) return 0;
    if (t.op === "-") {
      if (n > 0) return 0;
      continue;
    }
    if (n > 0) {
      positive = true;
      score += t.op === "~" ? 0.5 : 1;
    }
  }
  return positive ? score : 0;
}

/** Registers `mysql_match`. */
export function registerTranslatorSupport(db: DatabaseSync): void {
  const def = definer(db);
  def("mysql_match", (h: SqlValue, q: SqlValue, mode: SqlValue) => {
    const haystack = toText(h);
    const query = toText(q);
    if (query === null) return null;
    if (haystack === null) return 0;
    return matchScore(haystack, query, { booleanMode: truthy(mode) === true });
  });
}
