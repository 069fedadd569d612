/**
 * A full disk: writes get MySQL's 1114 ("The table is full") and lose nothing that was
 * acknowledged; reads and other connections go on; once space is freed writes work again,
 * and the node restarts on the same data dir with every acknowledged row. The data dir sits
 * on a small tmpfs mounted for the test (needs root; without it the test is ignored and says
 * so).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { connect, type Connection, type ServerError } from "./support/connect.ts";
import { EXTERNAL, startTarget } from "./support/target.ts";

const mountPoint = await Deno.makeTempDir({ prefix: "marmot-e2e-full-" });
const mounted = !EXTERNAL && await mountTmpfs(mountPoint, "20m");
if (!mounted) {
  console.log(
    "disk_full_test.ts ignored: " +
      (EXTERNAL ? "needs the node's data dir" : "mounting a tmpfs needs root"),
  );
  await Deno.remove(mountPoint);
}

async function mountTmpfs(dir: string, size: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

async function values(c: Connection, sql: string, params: unknown[] = []): Promise<unknown[][]> {
  const [r] = await c.query({ sql, rowsAsArray: true }, params);
  return r as unknown[][];
}

async function unmount(dir: string): Promise<void> {
  await new Deno.Command("umount", { args: [dir] }).output();
  await Deno.remove(dir);
}

Deno.test({
  name:
    "a full disk gives 1114, keeps what was acknowledged, and writes resume once space is freed",
  ignore: !mounted,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const dataDir = join(mountPoint, "data");
  const filler = join(mountPoint, "filler");
  // The space a user frees later, taken now so the data dir fills up. It is more than the data
  // gets: the checkpoint at shutdown copies the WAL into the database file, which needs room.
  await Deno.writeFile(filler, new Uint8Array(12 * 1024 * 1024));
  let node = await startTarget({ dataDir });
  try {
    const c = await connect(node.port, {});
    const other = await connect(node.port, {});
    await c.query("CREATE TABLE marmot.blobs (id INT PRIMARY KEY, pad LONGTEXT)");
    let acknowledged = 0;
    let failure: ServerError | undefined;
    for (let id = 1; id <= 200 && failure === undefined; id++) {
      try {
        await c.query("INSERT INTO marmot.blobs VALUES (?, REPEAT('x', 100000))", [id]);
        acknowledged = id;
      } catch (err) {
        failure = err as ServerError;
      }
    }
    if (failure === undefined) assert.fail("the disk filled up before 200 rows of 100 KB");
    assert.equal(failure.errno, 1114, failure.message);
    assert.equal(failure.sqlState, "HY000");
    assert.match(failure.message, /full/);
    // The server keeps answering, on this connection and others, with every acknowledged row.
    assert.deepEqual(await values(c, "SELECT count(*), max(id) FROM marmot.blobs"), [[
      acknowledged,
      acknowledged,
    ]]);
    assert.deepEqual(await values(other, "SELECT 1 + 1"), [[2]]);

    await Deno.remove(filler);
    await c.query("INSERT INTO marmot.blobs VALUES (?, 'after')", [acknowledged + 1]);
    assert.deepEqual(
      await values(other, "SELECT pad FROM marmot.blobs WHERE id = ?", [
        acknowledged + 1,
      ]),
      [["after"]],
    );
    await c.end();
    await other.end();

    const exit = await node.stop("SIGTERM");
    assert.equal(exit.code, 0, node.logs().slice(-3000));
    node = await startTarget({ dataDir });
    const again = await connect(node.port, {});
    assert.deepEqual(await values(again, "SELECT count(*) FROM marmot.blobs"), [[
      acknowledged + 1,
    ]]);
    await again.end();
  } catch (err) {
    console.error(`--- node logs ---\n${node.logs().slice(-6000)}`);
    throw err;
  } finally {
    await node.cleanup();
    await unmount(mountPoint);
  }
});
