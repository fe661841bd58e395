import { vposRouteActor } from '@/lib/vpos/route-access';
import { publicBaseUrl } from '@/lib/http/base-url';

/** The largest bank page we pass on (N Kolay's BANK_REQUEST_MESSAGE is a few kilobytes). */
const MAX_HTML = 64 * 1024;

/**
 * The bank's 3-D Secure page of a payment taken on the online-collection screen, as a page of its
 * own. The bank's HTML posts to the bank (its ACS), which our strict Content-Security-Policy
 * forbids every page of ours; so this one answer carries the sandbox policy instead (set by the
 * edge for this path, scripts/edge.mjs): an opaque origin that can read no cookie, storage or page
 * of ours, that may only submit its form and move the top window (to the bank, whose result
 * comes back to /pay/callback/nkolay and then to the payment's page).
 *
 * Only a signed-in merchant with the virtual POS service, from one of our own pages (Origin), gets
 * it: another site cannot make us show HTML of its choosing under our name.
 */
export async function POST(req: Request) {
  const origin = req.headers.get('origin');
  if (origin !== publicBaseUrl()) return new Response('Forbidden', { status: 403 });
  const actor = await vposRouteActor();
  if (actor instanceof Response) return actor;
  let html = '';
  try {
    const v = (await req.formData()).get('html');
    html = typeof v === 'string' ? v : '';
  } catch {
    html = '';
  }
  if (!html || html.length > MAX_HTML) return new Response('Bad request', { status: 400 });
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}
