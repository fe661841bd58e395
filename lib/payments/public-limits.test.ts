import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { smsMessages } from '@/db/schema';
import { PAYER_SMS_RULE } from '@/lib/sms';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { makeLinkShop } from './fixtures';
import { payByLink, PUBLIC_PAY_RULES } from './pay-by-link';

const db = testDb();
const BASE = 'http://dargah.test';

const linkShop = async () => (await makeLinkShop(db)).handle;

const online = (mobile: string) => ({ name: 'Payer', mobile, amount: '25000', method: 'online', gateway: 'sandbox' });
const slip = (mobile: string, i: number) => ({
  name: 'Payer',
  mobile,
  amount: '120000',
  method: 'slip',
  bank: 'mellat',
  slipNumber: String(100000 + i),
  depositDate: '1405/08/01',
});

describe('anonymous payers on public pages', () => {
  it('limits payments per client address, whatever mobiles they name', async () => {
    const handle = await linkShop();
    const ip = uniqueIp();
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await payByLink(db, { handle, payer: online(uniqueMobile()), query: {} }, { baseUrl: BASE, ip }));
    expect(results.filter((r) => r.ok)).toHaveLength(PUBLIC_PAY_RULES.perAddress.limit);
    expect(results.at(-1)).toMatchObject({ ok: false, error: 'payRateLimited', params: { retryAfterSeconds: expect.any(Number) } });
    // Another address is served.
    expect((await payByLink(db, { handle, payer: online(uniqueMobile()), query: {} }, { baseUrl: BASE, ip: uniqueIp() })).ok).toBe(true);
  });

  it('limits payments naming one mobile from many addresses, and texts it at most a few times an hour', async () => {
    const handle = await linkShop();
    const victim = uniqueMobile();
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await payByLink(db, { handle, payer: slip(victim, i), query: {} }, { baseUrl: BASE, ip: uniqueIp() }));
    expect(results.filter((r) => r.ok)).toHaveLength(PUBLIC_PAY_RULES.perMobile.limit);
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, victim));
    expect(texts).toHaveLength(PAYER_SMS_RULE.limit);
  });

  it('caps the unpaid payments one link holds at once', async () => {
    const handle = await linkShop();
    const results = [];
    for (let i = 0; i < PUBLIC_PAY_RULES.openPerLink; i++) {
      results.push(await payByLink(db, { handle, payer: online(uniqueMobile()), query: {} }, { baseUrl: BASE, ip: uniqueIp() }));
    }
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await payByLink(db, { handle, payer: slip(uniqueMobile(), 1), query: {} }, { baseUrl: BASE, ip: uniqueIp() })).toEqual({
      ok: false,
      error: 'linkBusy',
    });
  });
});
