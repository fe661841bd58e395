import { getDb } from '@/db';
import { dirOf, isLocale, LOCALE_COOKIE, type Locale } from '@/lib/i18n/config';
import { localDigits } from '@/lib/date/format';
import { resolveShortLink } from '@/lib/short-links';

/**
 * `/s/<code>`: a merchant's short payment link. A known code answers 302 to the stored `/pay/…`
 * path on this same origin (relative `Location`: a stored row can never send a payer elsewhere);
 * an unknown one answers 404 with a small page of its own in the reader's language.
 */
export async function GET(req: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const target = await resolveShortLink(getDb(), code);
  if (target) {
    return new Response(null, { status: 302, headers: { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
  }
  return notFoundPage(localeOf(req));
}

function localeOf(req: Request): Locale {
  const cookie = req.headers.get('cookie') ?? '';
  const m = cookie.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`));
  const v = m?.[1];
  return isLocale(v) ? v : 'fa';
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function notFoundPage(locale: Locale): Promise<Response> {
  const t = ((await import(`@/messages/${locale}.json`)).default as { shortLinks: Record<string, string> }).shortLinks;
  const html = `<!doctype html>
<html lang="${locale}" dir="${dirOf(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(t.notFoundTitle)}</title>
<style>body{margin:0;min-height:100dvh;display:flex;align-items:center;justify-content:center;font-family:Vazirmatn,Tahoma,system-ui,sans-serif;background:#f8fafc;color:#0f172a}main{max-width:28rem;margin:1.5rem;padding:1.75rem;border:1px solid #e2e8f0;border-radius:1rem;background:#fff;text-align:center}h1{font-size:1.25rem;margin:.5rem 0}p{color:#475569;line-height:1.8;margin:.5rem 0 0}.code{font-size:2.5rem;font-weight:800;color:#1d4ed8;margin:0}</style>
</head>
<body><main data-testid="short-link-not-found"><p class="code">${localDigits(404, locale)}</p><h1>${escape(t.notFoundTitle)}</h1><p>${escape(t.notFoundBody)}</p></main></body>
</html>`;
  return new Response(html, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
