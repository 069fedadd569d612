/** Free TCP ports for test servers. */

const handedOut = new Set<number>();

/** Ports handed out are taken below Linux's ephemeral range (32768-60999): a port from it
 * could become the source port of any outgoing connection of the parallel tests (clients,
 * peer streams) before the server it was chosen for binds it. */
const FIRST = 20000;
const COUNT = 12000;

/**
 * A TCP port that nothing listens on right now, on any address, never the same one twice in
 * this process (another process may still take it; `startNode` retries on "address in use").
 */
export function freePort(): number {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (handedOut.has(port)) continue;
    try {
      Deno.listen({ hostname: "0.0.0.0", port }).close();
    } catch {
      continue; // in use
    }
    handedOut.add(port);
    return port;
  }
  throw new Error("Cannot find a free TCP port after 500 attempts");
}
