/** Whole reads and writes on files and connections, and closing what may be closed already. */

/** Fills `into` from the file's (or connection's) position.
 * @throws {Error} when the file or connection ends first */
export async function readFull(
  file: { read(p: Uint8Array): Promise<number | null> },
  into: Uint8Array,
): Promise<void> {
  let n = 0;
  while (n < into.length) {
    const got = await file.read(into.subarray(n));
    if (got === null) throw new Error(`Unexpected end of file after ${n} of ${into.length} bytes`);
    n += got;
  }
}

/** Writes all of `data` at the file's (or connection's) position. */
export async function writeAll(
  file: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array,
): Promise<void> {
  let n = 0;
  while (n < data.length) n += await file.write(data.subarray(n));
}

/** Closes a connection, listener or file that its peer, a timeout or an error may have closed
 * first. */
export function closeQuietly(c: { close(): void }): void {
  try {
    c.close();
  } catch {
    // Already closed.
  }
}
