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
import { randomBytes } from 'node:crypto';
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

const production = process.env.APP_ENV === 'production';
// serve.ts always sets it (from configuration in production, from the port it listens on elsewhere).
const publicUrl = new URL(process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`);
const https = publicUrl.protocol === 'https:';

/**
 * A strict Content-Security-Policy with a fresh nonce per request. Next finds the nonce in the
 * request's own CSP header and puts it on every script it renders; 'strict-dynamic' lets those
 * scripts load the rest of the bundle, and nothing else runs. Styles may be inline (React style
 * attributes, the charts). Nothing may frame the portal. Development adds 'unsafe-eval' for the
 * bundler's hot reload.
 */
function contentSecurityPolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const server = http.createServer((req, res) => {
  req.headers['x-dargah-peer'] = req.socket.remoteAddress ?? '';
  // Whatever Host and X-Forwarded-Host/Proto a client sends, every part of the app (Next's
  // server-action origin check, Auth.js's redirects, our own URLs) sees the configured origin.
  req.headers.host = publicUrl.host;
  req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-port'];
  const csp = contentSecurityPolicy(randomBytes(16).toString('base64'));
  // The request copy is how Next learns the nonce; a client-sent one is overwritten.
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', csp);
  if (production && https) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
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
