// Stands in for a server that hangs before listening.
console.error("still starting...");
setInterval(() => {}, 1000);
