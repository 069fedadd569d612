import assert from "node:assert/strict";
import { Tok, type Token, tokenize } from "../../../src/sql/tokenizer.ts";
import { MysqlError } from "../../../src/types/errors.ts";

const opts = { versionId: 80032 };
const kinds = (sql: string) =>
  tokenize(sql, opts).filter((t) => t.type !== Tok.End).map((t) => [typeName(t), t.text]);

function typeName(t: Token): string {
  return Object.entries(Tok).find(([, v]) => v === t.type)![0];
}

Deno.test("tokenizer decodes MySQL backslash escapes and doubled quotes in strings", () => {
  const toks = tokenize(
    String.raw`SELECT 'it\'s', 'a\nb\tc', 'nul\0x', 'back\\slash', 'q''q', 'dq\"', '\Z', '\x'`,
    opts,
  );
  const strings = toks.filter((t) => t.type === Tok.String).map((t) => t.text);
  assert.deepEqual(strings, [
    "it's",
    "a\nb\tc",
    "nul\0x",
    "back\\slash",
    "q'q",
    'dq"',
    "\x1a",
    "x",
  ]);
});

Deno.test("tokenizer keeps the backslash of \\% and \\_ (LIKE escapes)", () => {
  const [, s] = tokenize(String.raw`SELECT 'a\%b\_c'`, opts);
  assert.equal(s!.text, String.raw`a\%b\_c`);
});

Deno.test("tokenizer reads double-quoted text as a string, backticks as identifiers", () => {
  assert.deepEqual(kinds('SELECT "abc", `my col`, `a``b`, "x""y"'), [
    ["Word", "SELECT"],
    ["String", "abc"],
    ["Op", ","],
    ["QuotedIdent", "my col"],
    ["Op", ","],
    ["QuotedIdent", "a`b"],
    ["Op", ","],
    ["String", 'x"y'],
  ]);
});

Deno.test("tokenizer with ANSI_QUOTES reads double quotes as identifiers", () => {
  const toks = tokenize('SELECT "col"', { versionId: 80032, ansiQuotes: true });
  assert.equal(toks[1]!.type, Tok.QuotedIdent);
  assert.equal(toks[1]!.text, "col");
});

Deno.test("tokenizer merges adjacent string literals into one literal", () => {
  const toks = tokenize("SELECT 'a' 'b'  \"c\"", opts);
  assert.equal(toks.length, 3);
  assert.equal(toks[1]!.text, "abc");
  assert.equal(toks[1]!.lit, 0);
});

Deno.test("tokenizer skips #, -- and /* */ comments but only `-- ` followed by a space", () => {
  assert.deepEqual(kinds("SELECT 1 # comment\n, 2 -- c\n, 3 /* x */"), [
    ["Word", "SELECT"],
    ["Number", "1"],
    ["Op", ","],
    ["Number", "2"],
    ["Op", ","],
    ["Number", "3"],
  ]);
  // MySQL: 1--1 is 1 - (-1).
  assert.deepEqual(kinds("SELECT 1--1"), [["Word", "SELECT"], ["Number", "1"], ["Op", "-"], [
    "Op",
    "-",
  ], [
    "Number",
    "1",
  ]]);
  assert.deepEqual(kinds("SELECT 1 --"), [["Word", "SELECT"], ["Number", "1"]]);
});

Deno.test("tokenizer keeps executable comments up to the server version and drops hints", () => {
  assert.deepEqual(kinds("SELECT 1 /*! +1 */"), [["Word", "SELECT"], ["Number", "1"], ["Op", "+"], [
    "Number",
    "1",
  ]]);
  assert.deepEqual(kinds("SELECT 1 /*!40101 +2 */"), [["Word", "SELECT"], ["Number", "1"], [
    "Op",
    "+",
  ], [
    "Number",
    "2",
  ]]);
  assert.deepEqual(kinds("SELECT 1 /*!99999 +1 */"), [["Word", "SELECT"], ["Number", "1"]]);
  assert.deepEqual(kinds("SELECT /*+ BKA(t1) */ 1 /*M! +5 */"), [["Word", "SELECT"], [
    "Number",
    "1",
  ]]);
});

Deno.test("tokenizer reads hex, bit, introducer and national literals", () => {
  assert.deepEqual(
    kinds(
      "SELECT x'4142', X'41', 0x41, b'0101', 0b11, _utf8mb4'é', _binary 'b', N'n', _latin1 0x42",
    ),
    [
      ["Word", "SELECT"],
      ["Hex", "4142"],
      ["Op", ","],
      ["Hex", "41"],
      ["Op", ","],
      ["Hex", "41"],
      ["Op", ","],
      ["Bits", "0101"],
      ["Op", ","],
      ["Bits", "11"],
      ["Op", ","],
      ["String", "é"],
      ["Op", ","],
      ["String", "b"],
      ["Op", ","],
      ["String", "n"],
      ["Op", ","],
      ["Hex", "42"],
    ],
  );
  const toks = tokenize("SELECT _binary'x', N'y'", opts);
  assert.equal(toks[1]!.introducer, "binary");
  assert.equal(toks[3]!.introducer, "n");
});

Deno.test("tokenizer reads numbers, and identifiers that start with digits", () => {
  assert.deepEqual(kinds("SELECT 1, 1.5, .5, 1e3, 2.5E-3, 1abc, t.1c, 0x1g"), [
    ["Word", "SELECT"],
    ["Number", "1"],
    ["Op", ","],
    ["Number", "1.5"],
    ["Op", ","],
    ["Number", ".5"],
    ["Op", ","],
    ["Number", "1e3"],
    ["Op", ","],
    ["Number", "2.5E-3"],
    ["Op", ","],
    ["Word", "1abc"],
    ["Op", ","],
    ["Word", "t"],
    ["Op", "."],
    ["Word", "1c"],
    ["Op", ","],
    ["Word", "0x1g"],
  ]);
});

Deno.test("tokenizer reads user variables, system variables with scope, and placeholders", () => {
  const toks = tokenize(
    "SELECT @a, @`Odd name`, @'q', @@version, @@SESSION.sql_mode, @@global.max_connections, ?",
    opts,
  );
  const vars = toks.filter((t) =>
    t.type === Tok.UserVar || t.type === Tok.SysVar || t.type === Tok.Param
  )
    .map((t) => [typeName(t), t.text, t.scope ?? ""]);
  assert.deepEqual(vars, [
    ["UserVar", "a", ""],
    ["UserVar", "odd name", ""],
    ["UserVar", "q", ""],
    ["SysVar", "version", "session"],
    ["SysVar", "sql_mode", "session"],
    ["SysVar", "max_connections", "global"],
    ["Param", "?", ""],
  ]);
});

Deno.test("tokenizer reads multi-character operators", () => {
  assert.deepEqual(
    kinds("a <=> b <> c != d <= e >= f << g >> h || i && j := k -> l ->> m").filter(([t]) =>
      t === "Op"
    )
      .map(([, v]) => v),
    ["<=>", "<>", "!=", "<=", ">=", "<<", ">>", "||", "&&", ":=", "->", "->>"],
  );
});

Deno.test("tokenizer numbers string and number literals in order", () => {
  const toks = tokenize("SELECT a FROM t WHERE b = 'x' AND c > 5 AND d = 0x1", opts);
  assert.deepEqual(toks.filter((t) => t.lit >= 0).map((t) => [t.text, t.lit]), [["x", 0], [
    "5",
    1,
  ]]);
});

Deno.test("tokenizer reports unterminated strings and comments as syntax errors", () => {
  for (const sql of ["SELECT 'abc", "SELECT `abc", "SELECT 1 /* open", 'SELECT "x']) {
    assert.throws(
      () => tokenize(sql, opts),
      (e: unknown) => e instanceof MysqlError && e.code === 1064,
    );
  }
  const err = (() => {
    try {
      tokenize("SELECT 1,\n 'abc", opts);
    } catch (e) {
      return e as MysqlError;
    }
  })()!;
  assert.match(err.message, /near ''abc' at line 2$/);
});
