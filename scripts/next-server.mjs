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

/** Server actions take at most 1 MB (Next's own limit, which it answers with a 500 instead of a 413). */
const ACTION_BODY_LIMIT = 1024 * 1024;

const PAGE = (status, fa, en) =>
  `<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${status}</title>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.8">` +
  `<h1>${status}</h1><p>${fa}</p><p lang="en" dir="ltr">${en}</p><p><a href="/">داشبورد · Home</a></p></body></html>`;

function refuse(res, status, fa, en) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    connection: 'close',
  });
  res.end(PAGE(status, fa, en));
}

const server = http.createServer((req, res) => {
  req.headers['x-dargah-peer'] = req.socket.remoteAddress ?? '';
  // A path that is not valid percent-encoding names no page; Next answers it with a 500.
  const path = (req.url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
  } catch {
    return refuse(res, 400, 'نشانی این صفحه درست نیست.', 'This address is not valid.');
  }
  // Bodies outside /api are server actions and gateway callbacks: small, and always of known length.
  if (req.method !== 'GET' && req.method !== 'HEAD' && !path.startsWith('/api/')) {
    const length = req.headers['content-length'];
    if (length === undefined && req.headers['transfer-encoding'] !== undefined) {
      return refuse(res, 411, 'درخواست بدون اندازه پذیرفته نمی‌شود.', 'A request body needs a Content-Length.');
    }
    if (Number(length ?? 0) > ACTION_BODY_LIMIT) return refuse(res, 413, 'این درخواست بیش از اندازه بزرگ است.', 'This request is too large.');
  }
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
