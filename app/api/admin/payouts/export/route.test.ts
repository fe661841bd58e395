import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { fundedMerchant, insertPayoutRow } from '@/lib/payouts/fixtures';
import { testDb } from '@/test/db';
import { makeAdmin } from '@/test/fixtures';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as unknown }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('next-intl/server', () => ({ getLocale: async () => 'en' }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => h.user }));

const { GET } = await import('./route');
const db = testDb();
h.db = db;

describe('GET /api/admin/payouts/export', () => {
  it('answers anonymous 401 and a merchant 403 with the JSON error and no data; staff get the workbook of the range and filters asked for', async () => {
    const m = await fundedMerchant(db, 0n);
    await insertPayoutRow(db, m, {
      amount: 4_321_000n,
      state: 'paid',
      requestedAt: new Date('2026-11-23T08:00:00Z'),
    });
    const url = `http://dargah.test/api/admin/payouts/export?from=2026-11-22&to=2026-11-24&state=paid&merchant=${m.merchant.id}`;

    h.user = null;
    let res = await GET(new Request(url));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'unauthenticated' } });

    h.user = m.merchant;
    res = await GET(new Request(url));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'forbidden', message: 'forbidden' } });
    expect(body).not.toContain('4321000');

    h.user = await makeAdmin(db);
    res = await GET(new Request(url.replace('to=2026-11-24', 'to=2027-12-01')));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid', fields: { to: 'rangeTooLong' } });

    res = await GET(new Request(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('payouts-2026-11-22-2026-11-24.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const list = wb.getWorksheet('Payouts')!;
    expect(list.rowCount).toBe(2);
    expect(list.getRow(2).getCell(9).value).toBe(4_321_000);
  });
});
