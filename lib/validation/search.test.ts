import { describe, expect, it } from 'vitest';
import { listKycQueue } from '@/lib/kyc/admin';
import { actorOf } from '@/lib/actor';
import { staffOverview } from '@/lib/payments/admin';
import { listLinkPayments } from '@/lib/payments/link-report';
import { transactionFiltersSchema } from '@/lib/reports/filters';
import { testDb } from '@/test/db';
import { makeMerchant } from '@/test/fixtures';
import { withoutControls } from './text';

const db = testDb();

describe('search boxes and report filters with control characters', () => {
  it('search forgives them and the database never sees one (NUL was a 500)', async () => {
    expect(withoutControls('09\u000012\u200c۱\u0085')).toBe('0912\u200c۱');
    const merchant = await makeMerchant(db);
    await expect(listLinkPayments(db, actorOf(merchant), { q: '\u0000' })).resolves.toMatchObject({ total: 0 });
    await expect(
      staffOverview(
        db,
        { kind: 'staff', userId: merchant.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
        { q: 'x\u0000y' },
      ),
    ).resolves.toBeTruthy();
    await expect(
      listKycQueue(
        db,
        { kind: 'staff', userId: merchant.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
        { search: '\u0000', limit: 10, offset: 0 },
      ),
    ).resolves.toBeTruthy();
  });

  it('report filters refuse them on the field', () => {
    const r = transactionFiltersSchema.safeParse({ order: 'a\u0000b', product: '\u0007' });
    expect(r.success).toBe(false);
    const fields = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(fields).toMatchObject({ order: 'controlChars', product: 'controlChars' });
  });
});
