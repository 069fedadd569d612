import assert from "node:assert/strict";
import { join } from "node:path";
import { ChunkWriter } from "../../../src/healing/snapshot_chunk_writer.ts";

const CHUNK = 64 * 1024;

/** Writes two chunks from the writer's buffers out of order, then a short tail; returns which
 * writes went through the page cache. */
async function writeSample(
  dir: string,
): Promise<{ path: string; direct: boolean; buffered: boolean[] }> {
  const path = join(dir, "db");
  Deno.writeFileSync(path, new Uint8Array(0));
  const writer = ChunkWriter.open(path, 2, CHUNK);
  const direct = writer.direct;
  try {
    assert.deepEqual([writer.buffer(0).length, writer.buffer(1).length], [CHUNK, CHUNK]);
    assert.throws(() => writer.buffer(2), RangeError);
    writer.buffer(0).fill(2);
    writer.buffer(1).fill(1);
    // Both in flight at once, from their own buffers.
    const first = await Promise.all([writer.write(0, CHUNK, CHUNK), writer.write(1, CHUNK, 0)]);
    writer.buffer(0).fill(3);
    const tail = await writer.write(0, 100, 2 * CHUNK);
    await assert.rejects(writer.write(1, CHUNK + 1, 0), RangeError);
    return { path, direct, buffered: [...first, tail] };
  } finally {
    await writer.close();
  }
}

Deno.test("ChunkWriter writes aligned chunks from its buffers directly, a short tail through the page cache", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-chunk-writer-" });
  try {
    const { path, direct, buffered } = await writeSample(dir);
    const got = Deno.readFileSync(path);
    assert.deepEqual(got.length, 2 * CHUNK + 100);
    const expect = (from: number, to: number, value: number) =>
      assert.ok(got.subarray(from, to).every((b) => b === value), `bytes ${from}-${to}: ${value}`);
    expect(0, CHUNK, 1);
    expect(CHUNK, 2 * CHUNK, 2);
    expect(2 * CHUNK, 2 * CHUNK + 100, 3);
    if (direct) assert.deepEqual(buffered, [false, false, true]);
    else assert.deepEqual(buffered, [true, true, true]);
    // The probe file that found the aligned start is gone.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["db"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "ChunkWriter reports a failed write and refuses writes once closed",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    // Every write to /dev/full fails with ENOSPC.
    const writer = ChunkWriter.open("/dev/full", 1, CHUNK);
    try {
      await assert.rejects(writer.write(0, CHUNK, 0), /ENOSPC|No space/i);
    } finally {
      await writer.close();
    }
    await assert.rejects(writer.write(0, CHUNK, 0), /closed/);
  },
});

Deno.test("ChunkWriter.open fails for a missing file", () => {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-chunk-writer-" });
  try {
    assert.throws(() => ChunkWriter.open(join(dir, "missing", "db"), 1, CHUNK), /ENOENT|No such/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
