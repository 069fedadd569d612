import assert from "node:assert/strict";
import { DelimitedRows, type Field } from "../../../src/session/delimited_rows.ts";
import type { LoadData } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";

/** The format a LOAD DATA statement describes, as the translator reads it. */
function format(options: string): LoadData {
  const st = new Translator().translate(`LOAD DATA LOCAL INFILE 'f' INTO TABLE t ${options}`, {
    database: "d",
  });
  assert.equal(st.kind, "load_data");
  return (st as Extract<typeof st, { kind: "load_data" }>).load;
}

const TSV = format("");
const CSV = format(
  "FIELDS TERMINATED BY ',' ENCLOSED BY '\"' LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES",
);

function parse(format: LoadData, chunks: string[]): Field[][] {
  const rows = new DelimitedRows(format);
  const out: Field[][] = [];
  for (const c of chunks) out.push(...rows.push(c));
  out.push(...rows.end());
  return out;
}

/** Parsed whole, and split at every position into two chunks: always the same rows. */
function parseEverySplit(format: LoadData, text: string): Field[][] {
  const whole = parse(format, [text]);
  for (let i = 0; i <= text.length; i++) {
    assert.deepEqual(parse(format, [text.slice(0, i), text.slice(i)]), whole, `split at ${i}`);
  }
  assert.deepEqual(parse(format, [...text]), whole, "one character at a time");
  return whole;
}

Deno.test("tab-separated rows: escapes, \\N as NULL, a last line without terminator", () => {
  const text = "1\ta\\tb\t\\N\n2\tx\\\\y\\nz\tN\n\n3\t\t\\0end";
  assert.deepEqual(parseEverySplit(TSV, text), [
    ["1", "a\tb", null],
    ["2", "x\\y\nz", "N"],
    ["3", "", "\0end"],
  ]);
});

Deno.test("CSV with enclosed fields, doubled quotes, CRLF lines and a header skipped", () => {
  const text =
    'id,name,note\r\n1,"Smith, J","said ""hi"""\r\n2,plain,"two\r\nlines"\r\n3,"",\\N\r\n';
  assert.deepEqual(parseEverySplit(CSV, text), [
    ["1", "Smith, J", 'said "hi"'],
    ["2", "plain", "two\r\nlines"],
    ["3", "", null],
  ]);
});

Deno.test("LINES STARTING BY skips up to the prefix and drops lines without it", () => {
  const prefixed = format("FIELDS TERMINATED BY ',' LINES STARTING BY 'xxx'");
  assert.deepEqual(parseEverySplit(prefixed, "xxx1,a\nno prefix\nsome xxx2,b\n"), [
    ["1", "a"],
    ["2", "b"],
  ]);
});

Deno.test("no escape character: backslashes are text", () => {
  assert.deepEqual(parseEverySplit(format("FIELDS ESCAPED BY ''"), "a\\N\tb\\n\n"), [[
    "a\\N",
    "b\\n",
  ]]);
});
