/**
 * The WordPress tests' own helpers, without a server: general-log parsing, the corpus file
 * format, cookies, form scraping, XML-RPC decoding and problem detection.
 */
import assert from "node:assert/strict";
import { CookieJar } from "./support/cookie_jar.ts";
import { formatCorpus, parseCorpus } from "./support/corpus.ts";
import { parseGeneralLog, wordpressStatements } from "./support/general_log.ts";
import { formFields, formSource, links } from "./support/html.ts";
import { logProblems, pageProblems } from "./support/problems.ts";
import { decodeResponse, encodeCall, XmlRpcFault } from "./support/xmlrpc.ts";

const LOG = [
  "/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-log. started with:",
  "Tcp port: 3306  Unix socket: /tmp/s",
  "Time\t\t    Id Command\tArgument",
  "261126 12:30:01\t      3 Connect\troot@localhost on  using TCP/IP",
  "\t\t      3 Query\tSELECT 1",
  "\t\t      3 Quit\t",
  "261126 12:30:02\t      5 Connect\troot@localhost as anonymous on ",
  "\t\t      5 Query\tSET NAMES utf8mb4",
  "\t\t      5 Init DB\twordpress",
  "\t\t      5 Query\tCREATE TABLE wp_users (",
  "\tID bigint(20) unsigned NOT NULL auto_increment,",
  "\tPRIMARY KEY  (ID)",
  ") DEFAULT CHARACTER SET utf8mb4",
  "\t\t      5 Query\tSELECT 1",
  "\t\t      5 Query\tSET NAMES utf8mb4",
  "",
].join("\n");

Deno.test("the general log splits into entries with multi-line statements", () => {
  const entries = parseGeneralLog(LOG);
  assert.deepEqual(entries.map((e) => `${e.thread} ${e.command}`), [
    "3 Connect",
    "3 Query",
    "3 Quit",
    "5 Connect",
    "5 Query",
    "5 Init DB",
    "5 Query",
    "5 Query",
    "5 Query",
  ]);
  assert.equal(
    entries[6]!.argument,
    "CREATE TABLE wp_users (\n\tID bigint(20) unsigned NOT NULL auto_increment,\n" +
      "\tPRIMARY KEY  (ID)\n) DEFAULT CHARACTER SET utf8mb4",
  );
});

Deno.test("only WordPress's connections count, each statement once", () => {
  const statements = wordpressStatements(parseGeneralLog(LOG));
  assert.equal(statements.length, 3);
  assert.equal(statements[0], "SET NAMES utf8mb4");
  assert.match(statements[1]!, /^CREATE TABLE wp_users \(/);
  assert.equal(statements[2], "SELECT 1");
});

Deno.test("the corpus format reads back what it wrote", () => {
  const entries = [
    { n: 1, sql: "SELECT 1", outcome: { kind: "rows" as const, count: 1, hash: "abcdef012345" } },
    { n: 2, sql: "CREATE TABLE t (\n\tid int\n)", outcome: { kind: "ok" as const, affected: 0 } },
    {
      n: 3,
      sql: "SELECT * FROM nope",
      outcome: { kind: "error" as const, code: 1146, message: "Table 'w.nope' doesn't exist" },
    },
    { n: 4, sql: "SELECT 2", outcome: { kind: "rows" as const, count: 0 } },
  ];
  const text = formatCorpus(["a header"], entries);
  assert.match(text, /^-- a header\n/);
  assert.deepEqual(parseCorpus(text), entries);
});

Deno.test("cookies are kept, replaced and deleted as a browser does", () => {
  const jar = new CookieJar();
  const h = new Headers();
  h.append("set-cookie", "a=1; path=/");
  h.append("set-cookie", "b=2; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/wp-admin");
  jar.store(h);
  assert.equal(jar.header(), "a=1; b=2");
  const gone = new Headers();
  gone.append("set-cookie", "a=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT");
  gone.append("set-cookie", "b=3");
  jar.store(gone);
  assert.equal(jar.header(), "b=3");
});

Deno.test("a form's fields are what a browser would submit untouched", () => {
  const html = `<form id="other"><input name="x" value="no"></form>
    <form method="post" id="f" action="a.php"><input type="hidden" name="_wpnonce" value="ab&amp;c">
    <input type="checkbox" name="off" value="1"><input type="checkbox" name="on" value="1" checked>
    <input type="submit" name="go" value="Go"><textarea name="t">x &lt; y</textarea>
    <select name="s"><option value="1">1</option><option value="2" selected>2</option></select></form>`;
  const form = formSource(html, /id="f"/);
  assert.ok(form);
  assert.deepEqual(formFields(form), { _wpnonce: "ab&c", on: "1", t: "x < y", s: "2" });
  assert.deepEqual(links({ body: '<a href="p.php?a=1&amp;b=2">', url: "http://h/wp-admin/x" }), [
    "http://h/wp-admin/p.php?a=1&b=2",
  ]);
});

Deno.test("XML-RPC responses decode to values and faults to errors", () => {
  assert.match(encodeCall("wp.getPost", [1, "a<b"]), /<int>1<\/int>.*<string>a&lt;b<\/string>/);
  const ok = `<?xml version="1.0"?><methodResponse><params><param><value><struct>
    <member><name>id</name><value><string>12</string></value></member>
    <member><name>tags</name><value><array><data><value><int>3</int></value>
    <value>bare</value></data></array></value></member>
    <member><name>ok</name><value><boolean>1</boolean></value></member>
    </struct></value></param></params></methodResponse>`;
  assert.deepEqual(decodeResponse(ok), { id: "12", tags: [3, "bare"], ok: true });
  const fault = `<methodResponse><fault><value><struct>
    <member><name>faultCode</name><value><int>403</int></value></member>
    <member><name>faultString</name><value><string>Incorrect username</string></value></member>
    </struct></value></fault></methodResponse>`;
  assert.throws(() => decodeResponse(fault), (e) => e instanceof XmlRpcFault && e.code === 403);
});

Deno.test("database errors and fatal errors are problems, known PHP 8.2 noise is not", () => {
  const dbError =
    '<div id="error"><p class="wpdberror"><strong>WordPress database error:</strong>' +
    " [Unknown column 'x']<br /><code>SELECT x FROM wp_posts</code></p></div>";
  assert.equal(pageProblems(200, dbError).length, 1);
  assert.deepEqual(pageProblems(200, "<p>fine</p>"), []);
  assert.deepEqual(pageProblems(500, "<p>fine</p>"), ["HTTP 500"]);
  const harmless = "<br />\n<b>Warning</b>:  An unexpected error occurred. Something may be " +
    "wrong with WordPress.org in <b>/x/update.php</b> on line <b>203</b><br />";
  assert.deepEqual(pageProblems(200, harmless), []);
  const log = "[26-Nov-2026 12:08:18 UTC] PHP Deprecated:  Return type of Requests_X\n" +
    "[26-Nov-2026 12:08:19 UTC] WordPress database error Table 'w.t' doesn't exist for query\n" +
    "SELECT 1 made by f\n" +
    "[26-Nov-2026 12:08:20 UTC] PHP Warning:  Undefined array key 0 in /x/y.php on line 3\n";
  const problems = logProblems(log);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /database error[\s\S]*SELECT 1 made by f/);
});
