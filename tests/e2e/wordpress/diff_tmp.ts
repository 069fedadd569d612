import { parseCorpus } from "./support/corpus.ts";
import { openReplayConnection } from "./support/replay.ts";
import { startNode } from "../../helpers/mod.ts";
const entries = parseCorpus(Deno.readTextFileSync("tests/fixtures/wordpress/queries.sql"));
const node = await startNode();
async function run(port: number) {
  const a = await openReplayConnection(port);
  await a.query("DROP DATABASE IF EXISTS wordpress");
  await a.query("CREATE DATABASE wordpress");
  await a.end();
  const c = await openReplayConnection(port, { database: "wordpress" });
  const out: string[] = [];
  for (const e of entries) {
    try {
      const [r, f] = await c.query({ sql: e.sql, rowsAsArray: true });
      if (Array.isArray(r)) {
        out.push(JSON.stringify([(f ?? []).map((x) => `${x.name}:${x.columnType}`), r]));
      } else out.push(JSON.stringify(r));
    } catch (err) {
      out.push("ERR " + (err as Error).message);
    }
  }
  await c.end();
  return out;
}
const maria = await run(34050);
const ours = await run(node.mysqlPort);
let n = 0;
for (let i = 0; i < entries.length; i++) {
  if (maria[i] !== ours[i]) {
    n++;
    console.log(
      `#${entries[i]!.n}: ${entries[i]!.sql.slice(0, 300)}\n  M: ${
        maria[i]!.slice(0, 1500)
      }\n  O: ${ours[i]!.slice(0, 1500)}`,
    );
  }
}
console.log("differences:", n);
await node.cleanup();
