import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { merchantActorOf as actorOf } from '@/test/fixtures';
import { makeLinkShop } from '@/lib/payments/fixtures';
import { createShortLink } from '@/lib/short-links';
import { buildLinkSchema } from '@/lib/validation/payments';
import { testDb } from '@/test/db';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));

const { GET } = await import('./route');
const db = testDb();
h.db = db;

const get = (code: string, cookie = '') =>
  GET(new Request(`http://dargah.test/s/${code}`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ code }) });

describe('/s/<code>', () => {
  it('answers 302 to the stored payment link on this origin', async () => {
    const shop = await makeLinkShop(db);
    const made = await createShortLink(
      db,
      actorOf(shop.merchant),
      buildLinkSchema.parse({ platformId: shop.platform.id, amount: '5000', sign: true }),
      'http://dargah.test',
    );
    if (!made.ok) throw new Error(made.error);
    const res = await get(made.data.code);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toBe(made.data.target);
    expect(location.startsWith(`/pay/${shop.handle}?`)).toBe(true);
    expect(location).toContain('sig=');
  });

  it('answers an unknown code with a 404 page in the reader’s language', async () => {
    const fa = await get('nOsUchCd');
    expect(fa.status).toBe(404);
    const html = await fa.text();
    expect(html).toContain('lang="fa" dir="rtl"');
    expect(html).toContain('این پیوند شناخته نیست');
    expect(html).toContain('۴۰۴');
    const en = await get('bad code!', 'NEXT_LOCALE=en');
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('This link is not known');
  });
});
