/**
 * A TCP relay between WordPress and the MySQL server that notes the text of every COM_QUERY
 * the client sends and every error the server answers, so a test can see what WordPress
 * asked the node (for example that the database upgrade issued no ALTER TABLE because our
 * SHOW output matched WordPress's schema) and errors WordPress hid with suppress_errors().
 * Bytes pass through unchanged.
 */
import { freePort } from "../../../helpers/mod.ts";

/** Statements kept at most (the oldest are dropped beyond). */
const MAX_KEPT = 100_000;
const COM_QUERY = 0x03;

/** An error the server answered to a statement. */
export interface TappedError {
  sql: string;
  code: number;
  message: string;
}

/** A running relay. */
export interface QueryTap extends AsyncDisposable {
  readonly port: number;
  /** Statements seen so far, oldest first (bounded). */
  statements(): string[];
  /** How many statements were seen in total. */
  count(): number;
  /** Errors answered so far, oldest first (bounded). */
  errors(): TappedError[];
  close(): Promise<void>;
}

/** Splits one direction's byte stream into MySQL packets, across chunk boundaries. */
class _Packets {
  #buf = new Uint8Array(0);

  constructor(readonly onPacket: (seq: number, payload: Uint8Array) => void) {}

  push(chunk: Uint8Array): void {
    const next = new Uint8Array(this.#buf.length + chunk.length);
    next.set(this.#buf);
    next.set(chunk, this.#buf.length);
    this.#buf = next;
    while (this.#buf.length >= 4) {
      const len = this.#buf[0]! | (this.#buf[1]! << 8) | (this.#buf[2]! << 16);
      if (this.#buf.length < 4 + len) return;
      this.onPacket(this.#buf[3]!, this.#buf.subarray(4, 4 + len));
      this.#buf = this.#buf.slice(4 + len);
    }
  }
}

/** One relayed connection: pairs each COM_QUERY with the first packet of its answer. */
class _Conversation {
  /** The first client packet is the handshake response, not a command. */
  #authenticated = false;
  /** Text of the command being answered, or null for a command that is not COM_QUERY. */
  #current: string | null = null;
  readonly client: _Packets;
  readonly server: _Packets;

  constructor(onQuery: (sql: string) => void, onError: (e: TappedError) => void) {
    this.client = new _Packets((seq, payload) => {
      // Commands start a new sequence at 0; auth exchanges continue one.
      if (seq === 0 && this.#authenticated) {
        this.#current = payload[0] === COM_QUERY
          ? new TextDecoder().decode(payload.subarray(1))
          : null;
        if (this.#current !== null) onQuery(this.#current);
      }
      if (seq > 0) this.#authenticated = true;
    });
    this.server = new _Packets((seq, payload) => {
      // The answer to a command starts at sequence 1 (auth packets never use 1).
      if (seq !== 1 || payload[0] !== 0xff || this.#current === null) return;
      const code = payload[1]! | (payload[2]! << 8);
      const text = new TextDecoder().decode(payload.subarray(3));
      onError({ sql: this.#current, code, message: text.replace(/^#[0-9A-Z]{5}/, "") });
    });
  }
}

async function _pipe(
  from: Deno.Conn,
  to: Deno.Conn,
  tap: _Packets,
): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buf);
      if (n === null) break;
      const chunk = buf.subarray(0, n);
      tap.push(chunk);
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
  let errors: TappedError[] = [];
  let total = 0;
  const conns = new Set<Deno.Conn>();
  const onQuery = (sql: string) => {
    total++;
    kept.push(sql);
    if (kept.length > MAX_KEPT) kept = kept.slice(-MAX_KEPT / 2);
  };
  const onError = (e: TappedError) => {
    errors.push(e);
    if (errors.length > MAX_KEPT) errors = errors.slice(-MAX_KEPT / 2);
  };
  const accepting = (async () => {
    for await (const client of listener) {
      conns.add(client);
      Deno.connect({ hostname: "127.0.0.1", port: targetPort }).then((server) => {
        conns.add(server);
        const talk = new _Conversation(onQuery, onError);
        Promise.all([_pipe(client, server, talk.client), _pipe(server, client, talk.server)])
          .finally(() => {
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
    errors: () => [...errors],
    close,
    [Symbol.asyncDispose]: close,
  };
}
