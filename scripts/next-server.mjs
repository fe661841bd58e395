/**
 * The Next.js server `npm run dev` and `npm start` run: Next's own request handler behind a plain
 * Node HTTP server that tells the app who is on the other end of the socket.
 *
 * `next start` keeps a client-sent `X-Forwarded-For` and drops the socket's address, so the app
 * could not tell a proxy's word from an attacker's. Here every request gets `x-dargah-peer` set to
 * the socket's address (any copy the client sent is overwritten); `clientIp()` in
 * lib/auth/request.ts believes forwarding headers only when that peer is a configured trusted proxy.
 *
 * Usage: node scripts/next-server.mjs <dev|start> <port> [host]
 */
import http from 'node:http';
import next from 'next';

const [mode = 'start', portArg = '3000', host] = process.argv.slice(2);
const port = Number(portArg);
const dev = mode === 'dev';
const app = next({ dev, hostname: host ?? 'localhost', port, ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

function refuse(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

const server = http.createServer((req, res) => {
  req.headers['x-dargah-peer'] = req.socket.remoteAddress ?? '';
  // A path that is not valid percent-encoding names no page; Next answers it with a 500.
  try {
    decodeURIComponent((req.url ?? '/').split('?')[0]);
  } catch {
    return refuse(res, 400, 'Bad request');
  }
  handle(req, res).catch((err) => {
    console.error('[server]', err);
    if (!res.headersSent) refuse(res, 500, 'Internal error');
    else res.destroy();
  });
});
if (dev) server.on('upgrade', app.getUpgradeHandler());
// Slow or idle clients must not hold sockets forever.
server.headersTimeout = 20_000;
server.requestTimeout = 120_000;
server.listen(port, host, () => console.log(`▲ Next.js ${dev ? 'dev' : 'production'} server on http://${host ?? 'localhost'}:${port}`));

let closing = false;
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    if (closing) return;
    closing = true;
    server.close(() => app.close().finally(() => process.exit(0)));
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 8_000).unref();
  });
}
