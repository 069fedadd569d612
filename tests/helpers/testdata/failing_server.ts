// Stands in for a server that cannot start: says why on stderr and exits 3.
console.error("boom: cannot open the data directory");
Deno.exit(3);
