/** Free TCP ports for test servers. */

const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, never the same one twice in this
 * process (another process may still take it; `startNode` retries on "address in use").
 */
export function freePort(): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr as Deno.NetAddr;
    listener.close();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("Cannot find a free TCP port after 50 attempts");
}
