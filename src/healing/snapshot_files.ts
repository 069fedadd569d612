/** File helpers of snapshot export, download and install: SHA-256, and fsync of a directory
 * (what makes a rename or a new file durable). */
import { createHash } from "node:crypto";

/** SHA-256 of `data` in hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The whole file's digest: SHA-256 of its chunks' SHA-256 digests in order (a hash list). It
 * changes with any byte, chunk order or chunk count, as a SHA-256 of the file does, and costs
 * no second pass over the bytes (one pass: ~1 s per GiB on these machines).
 */
export function chunkListDigest(chunkHashes: readonly string[]): string {
  const h = createHash("sha256");
  for (const hex of chunkHashes) h.update(hex, "hex");
  return h.digest("hex");
}

/** Makes the entries of `dir` (a rename, a new file) durable. */
export function fsyncDir(dir: string): void {
  const file = Deno.openSync(dir, { read: true });
  try {
    file.syncSync();
  } finally {
    file.close();
  }
}

/** Removes `path` if it exists. */
export function removeIfExists(path: string, options?: Deno.RemoveOptions): void {
  try {
    Deno.removeSync(path, options);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}
