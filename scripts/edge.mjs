/**
 * What our server does to every request before Next sees it (scripts/next-server.mjs): the socket's
 * address as `x-dargah-peer`, Host and X-Forwarded-Host/Proto pinned to the public origin, a strict
 * Content-Security-Policy with a fresh nonce, HSTS in production over https, and 4xx answers for
 * what Next would answer with a 500 (a malformed percent-escape, an oversized or unsized action
 * body). Plain JavaScript, so the server needs no TypeScript loader; tested in edge.test.ts.
 */
import { randomBytes } from 'node:crypto';

/** Server actions take at most 1 MB (Next's own limit, which it answers with a 500 instead of a 413). */
const ACTION_BODY_LIMIT = 1024 * 1024;

const PAGE = (status, fa, en) =>
  `<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${status}</title>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.8">` +
  `<h1>${status}</h1><p>${fa}</p><p lang="en" dir="ltr">${en}</p><p><a href="/">داشبورد · Home</a></p></body></html>`;

export function refuse(res, status, fa, en) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    connection: 'close',
  });
  res.end(PAGE(status, fa, en));
  return true;
}

/**
 * A strict Content-Security-Policy with a fresh nonce per request. Next finds the nonce in the
 * request's own CSP header and puts it on every script it renders; 'strict-dynamic' lets those
 * scripts load the rest of the bundle, and nothing else runs. Styles may be inline (React style
 * attributes, the charts). Nothing may frame the portal. Development adds 'unsafe-eval' for the
 * bundler's hot reload.
 */
export function contentSecurityPolicy(nonce, dev = false) {
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

/**
 * The one page that shows a bank's own HTML: the 3-D Secure step of the online-collection screen
 * (app/(portal)/vpos/collect/bank). That HTML posts to the bank and runs the bank's inline script,
 * which the policy above forbids; so it gets a sandbox instead: an opaque origin (no cookie,
 * storage or page of ours is reachable from it) that may only run its own inline code, submit its
 * form and move the top window to the bank. Nothing loads from anywhere but inline or images.
 */
export const BANK_PAGE_PATH = '/vpos/collect/bank';
export const BANK_PAGE_CSP = [
  'sandbox allow-forms allow-scripts allow-top-navigation',
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src https: data:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The edge for one server: `edge(req, res)` prepares the request in place and answers true when it
 * has already answered (refused) it.
 */
export function createEdge({ dev = false, production = false, publicBaseUrl }) {
  const publicUrl = new URL(publicBaseUrl);
  const https = publicUrl.protocol === 'https:';
  return function edge(req, res) {
    req.headers['x-dargah-peer'] = req.socket.remoteAddress ?? '';
    // Whatever Host and X-Forwarded-Host/Proto a client sends, every part of the app (Next's
    // server-action origin check, Auth.js's redirects, our own URLs) sees the configured origin.
    req.headers.host = publicUrl.host;
    req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
    delete req.headers['x-forwarded-host'];
    delete req.headers['x-forwarded-port'];
    const csp = contentSecurityPolicy(randomBytes(16).toString('base64'), dev);
    // The request copy is how Next learns the nonce; a client-sent one is overwritten.
    req.headers['content-security-policy'] = csp;
    delete req.headers['content-security-policy-report-only'];
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('Content-Security-Policy', path === BANK_PAGE_PATH ? BANK_PAGE_CSP : csp);
    if (production && https) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    // A path that is not valid percent-encoding names no page; Next answers it with a 500.
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
    return false;
  };
}
