import assert from "node:assert/strict";
import { join } from "node:path";
import { ChunkWriter } from "../../../src/healing/snapshot_chunk_writer.ts";

const CHUNK = 64 * 1024;

/** Writes two chunks from the writer's buffer out of order, a short tail, and bytes from a
 * buffer of elsewhere; returns which writes went through the page cache. */
async function writeSample(
  dir: string,
): Promise<{ path: string; direct: boolean; buffered: boolean[] }> {
  const path = join(dir, "db");
  Deno.writeFileSync(path, new Uint8Array(0));
  const writer = await ChunkWriter.open(path);
  const direct = writer.direct;
  const buffered: boolean[] = [];
  try {
    const buf = await writer.buffer(CHUNK);
    assert.deepEqual(buf.length, CHUNK);
    buf.fill(2);
    buffered.push(await writer.write(buf, CHUNK));
    buf.fill(1);
    buffered.push(await writer.write(buf, 0));
    buf.fill(3);
    buffered.push(await writer.write(buf.subarray(0, 100), 2 * CHUNK));
    // Aligned length and offset, but an address the device may refuse.
    const foreign = new Uint8Array(CHUNK + 1).fill(4).subarray(1);
    assert.ok(foreign.byteOffset % 2 === 1);
    buffered.push(await writer.write(foreign, 3 * CHUNK));
  } finally {
    await writer.close();
  }
  return { path, direct, buffered };
}

function assertSample(path: string): void {
  const got = Deno.readFileSync(path);
  assert.deepEqual(got.length, 3 * CHUNK + CHUNK);
  const expect = (from: number, to: number, value: number) =>
    assert.ok(got.subarray(from, to).every((b) => b === value), `bytes ${from}-${to}: ${value}`);
  expect(0, CHUNK, 1);
  expect(CHUNK, 2 * CHUNK, 2);
  expect(2 * CHUNK, 2 * CHUNK + 100, 3);
  expect(2 * CHUNK + 100, 3 * CHUNK, 0);
  expect(3 * CHUNK, 4 * CHUNK, 4);
  assert.deepEqual([...Deno.readDirSync(join(path, ".."))].map((e) => e.name), ["db"]);
}

Deno.test("ChunkWriter writes aligned chunks from its buffer directly, the rest through the page cache", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-chunk-writer-" });
  try {
    const { path, direct, buffered } = await writeSample(dir);
    assertSample(path);
    // The writer's buffer goes direct; the short tail and bytes at an odd address (refused
    // with EINVAL) through the page cache.
    if (direct) assert.deepEqual(buffered, [false, false, true, true]);
    else assert.deepEqual(buffered, [true, true, true, true]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
