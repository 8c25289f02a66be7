// Starts one AWS stand-in on 127.0.0.1 and a port the OS picks, then prints "listening <port>".
// Usage: node start.mjs fauxqs|dynalite   (the tests run it; it stops when its stdin closes)
import net from "node:net";
import { createRequire } from "node:module";

const which = process.argv[2];
const loopback = "127.0.0.1";

// fauxqs listens on 0.0.0.0 with no option to change it: keep every stand-in on the loopback address.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] && typeof args[0] === "object" && (args[0].host === "0.0.0.0" || args[0].host === undefined)) {
    args[0] = { ...args[0], host: loopback };
  }
  return listen.apply(this, args);
};

// dynalite rethrows a request's "error" event (node_modules/dynalite/index.js: `req.on('error', ... throw err)`), so a
// client that resets its connection in the middle of a request (the soak's wire faults do) would end the whole stand-in.
// A real service drops that one request and carries on: so does this one.
process.on("uncaughtException", (err) => {
  if (err?.code === "ECONNRESET") {
    return;
  }

  console.error(err);
  process.exit(1);
});

let port;
if (which === "fauxqs") {
  const { startFauxqs } = await import("fauxqs");
  const server = await startFauxqs({ port: 0, logger: false });
  port = server.port;
} else if (which === "dynalite") {
  const dynalite = createRequire(import.meta.url)("dynalite");
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => server.listen({ port: 0, host: loopback }, resolve).on("error", reject));
  port = server.address().port;
} else {
  console.error("usage: node start.mjs fauxqs|dynalite");
  process.exit(2);
}

console.log(`listening ${port}`);
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
