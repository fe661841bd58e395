/**
 * The Next.js server `npm run dev` and `npm start` run: Next's own request handler behind a plain
 * Node HTTP server that tells the app who is on the other end of the socket.
 *
 * `next start` keeps a client-sent `X-Forwarded-For` and drops the socket's address, so the app
 * could not tell a proxy's word from an attacker's. Here every request gets `x-dargah-peer` set to
 * the socket's address (any copy the client sent is overwritten); `clientIp()` in
 * lib/auth/request.ts believes forwarding headers only when that peer is a configured trusted proxy.
 *
 * It also pins Host and X-Forwarded-Proto to PUBLIC_BASE_URL, and sets the Content-Security-Policy
 * (with a nonce per request) and, in production over https, HSTS.
 *
 * Usage: node scripts/next-server.mjs <dev|start> <port> [host]
 */
import http from 'node:http';
import next from 'next';
import { createEdge, refuse } from './edge.mjs';

const [mode = 'start', portArg = '3000', host] = process.argv.slice(2);
const port = Number(portArg);
const dev = mode === 'dev';
const app = next({ dev, hostname: host ?? 'localhost', port, ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

// serve.ts always sets it (from configuration in production, from the port it listens on elsewhere).
const edge = createEdge({ dev, production: process.env.APP_ENV === 'production', publicBaseUrl: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}` });

const server = http.createServer((req, res) => {
  if (edge(req, res)) return;
  handle(req, res).catch((err) => {
    console.error('[server]', err);
    if (!res.headersSent) refuse(res, 500, 'خطایی پیش آمد؛ دوباره امتحان کنید.', 'Something went wrong; please try again.');
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
