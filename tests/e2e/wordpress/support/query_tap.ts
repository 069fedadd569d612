/**
 * A TCP relay between WordPress and the MySQL server that notes the text of every COM_QUERY
 * the client sends, so a test can see what WordPress asked the node (for example that the
 * database upgrade issued no ALTER TABLE because our SHOW output matched WordPress's schema).
 * Bytes pass through unchanged; only the client's side is read.
 */
import { freePort } from "../../../helpers/mod.ts";

/** Statements kept at most (the oldest are dropped beyond). */
const MAX_KEPT = 100_000;
const COM_QUERY = 0x03;

/** A running relay. */
export interface QueryTap extends AsyncDisposable {
  readonly port: number;
  /** Statements seen so far, oldest first (bounded). */
  statements(): string[];
  /** How many statements were seen in total. */
  count(): number;
  close(): Promise<void>;
}

/** Reads MySQL packets from the client's byte stream, across chunk boundaries. */
class _ClientPackets {
  #buf = new Uint8Array(0);
  /** The first packet is the handshake response, not a command. */
  #authenticated = false;

  constructor(readonly onQuery: (sql: string) => void) {}

  push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.#buf.length + chunk.length);
    next.set(this.#buf);
    next.set(chunk, this.#buf.length);
    this.#buf = next;
    while (this.#buf.length >= 4) {
      const len = this.#buf[0]! | (this.#buf[1]! << 8) | (this.#buf[2]! << 16);
      if (this.#buf.length < 4 + len) return;
      const seq = this.#buf[3]!;
      const payload = this.#buf.subarray(4, 4 + len);
      // Commands start a new sequence at 0; auth exchanges continue one.
      if (seq === 0 && this.#authenticated && payload[0] === COM_QUERY) {
        this.onQuery(new TextDecoder().decode(payload.subarray(1)));
      }
      if (seq > 0) this.#authenticated = true;
      this.#buf = this.#buf.slice(4 + len);
    }
  }
}

async function _pipe(
  from: Deno.Conn,
  to: Deno.Conn,
  tap?: _ClientPackets,
): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buf);
      if (n === null) break;
      const chunk = buf.subarray(0, n);
      tap?.push(chunk);
      let off = 0;
      while (off < n) off += await to.write(chunk.subarray(off));
    }
  } catch {
    // One side closed: close the other.
  }
  try {
    to.close();
  } catch {
    // Already closed.
  }
}

/** Starts a relay on a free loopback port to 127.0.0.1:`targetPort`. */
export function startQueryTap(targetPort: number): QueryTap {
  const port = freePort();
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  let kept: string[] = [];
  let total = 0;
  const conns = new Set<Deno.Conn>();
  const onQuery = (sql: string) => {
    total++;
    kept.push(sql);
    if (kept.length > MAX_KEPT) kept = kept.slice(-MAX_KEPT / 2);
  };
  const accepting = (async () => {
    for await (const client of listener) {
      conns.add(client);
      Deno.connect({ hostname: "127.0.0.1", port: targetPort }).then((server) => {
        conns.add(server);
        const packets = new _ClientPackets(onQuery);
        Promise.all([_pipe(client, server, packets), _pipe(server, client)]).finally(() => {
          conns.delete(client);
          conns.delete(server);
        });
      }, () => {
        client.close();
        conns.delete(client);
      });
    }
  })().catch(() => {});
  const close = async () => {
    try {
      listener.close();
    } catch {
      // Already closed.
    }
    for (const c of conns) {
      try {
        c.close();
      } catch {
        // Already closed.
      }
    }
    await accepting;
  };
  return {
    port,
    statements: () => [...kept],
    count: () => total,
    close,
    [Symbol.asyncDispose]: close,
  };
}
