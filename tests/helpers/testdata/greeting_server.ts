// Stands in for a healthy server: listens on -mysql-port, sends the first bytes of a
// HandshakeV10 greeting to each connection, exits 0 on SIGTERM.
const args = Deno.args;
const port = Number(args[args.indexOf("-mysql-port") + 1]);
const listener = Deno.listen({ hostname: "127.0.0.1", port });
console.log(`listening on ${port} with ${JSON.stringify(args)}`);
Deno.addSignalListener("SIGTERM", () => {
  console.log("got SIGTERM");
  Deno.exit(0);
});
for await (const conn of listener) {
  // Length 1 (little-endian 3 bytes), sequence 0, protocol version 10.
  await conn.write(new Uint8Array([1, 0, 0, 0, 10])).catch(() => {});
  conn.close();
}
