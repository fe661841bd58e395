import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { depositSlips, payments, platforms } from '@/db/schema';
import { localStorage } from '@/lib/storage';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { readLinkLogo, readSlipImage, setLinkLogo, slipImageKey, uploadSlipImage } from './images';
import { actorOf } from '@/lib/actor';
import { saveLink } from './fixtures';
import { payByLink } from './pay-by-link';

const db = testDb();
const storage = localStorage(mkdtempSync(path.join(os.tmpdir(), 'dargah-images-')));
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('payment-link images', () => {
  it('keeps a slip photo only with a token we signed for that link, and shows it only to its merchant', async () => {
    const { merchant, platform } = await makePlatform(db);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
    const handle = `img-${Date.now().toString(36)}`;
    const saved = await saveLink(db, merchant, platform.id, {
      handle,
      title: 'Images',
      displayUnit: 'rial',
      gateways: [],
      minAmount: '1000',
      maxAmount: '100000000',
      acceptSlips: true,
    });
    expect(saved.ok).toBe(true);

    expect(await uploadSlipImage(storage, handle, Buffer.from('%PDF-1.4'))).toEqual({ ok: false, error: 'fileType' });
    expect(await uploadSlipImage(storage, handle, Buffer.alloc(0))).toEqual({ ok: false, error: 'fileEmpty' });
    const up = await uploadSlipImage(storage, handle, PNG);
    if (!up.ok) throw new Error('upload failed');
    const token = up.data.token;
    expect(slipImageKey(token, handle)).toMatch(new RegExp(`^slips/${handle}/`));
    expect(slipImageKey(token, 'other-shop')).toBeNull();
    expect(slipImageKey(`${token.split('.')[0]}.forged`, handle)).toBeNull();
    expect(slipImageKey('slips/x/y', handle)).toBeNull();

    const slip = {
      name: 'Payer',
      mobile: uniqueMobile(),
      amount: '50000',
      method: 'slip',
      bank: 'melli',
      slipNumber: '123456',
      depositDate: '1405/08/01',
      image: token,
    };
    expect((await payByLink(db, { handle, payer: slip, query: {} }, { baseUrl: 'http://x', ip: uniqueIp() })).ok).toBe(true);
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    const [row] = await db.select().from(depositSlips).where(eq(depositSlips.paymentId, p.id));
    expect(row.imageKey).toBe(slipImageKey(token, handle));
    expect((await readSlipImage(db, storage, actorOf(merchant), p.id))?.contentType).toBe('image/png');
    const stranger = await makePlatform(db);
    expect(await readSlipImage(db, storage, actorOf(stranger.merchant), p.id)).toBeNull();
    expect(
      await readSlipImage(
        db,
        storage,
        { kind: 'staff', userId: stranger.merchant.id, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] },
        p.id,
      ),
    ).not.toBeNull();

    // The logo: the owner only, images only.
    expect(await setLinkLogo(db, storage, actorOf(stranger.merchant), { platformId: platform.id, bytes: PNG })).toEqual({ ok: false, error: 'notFound' });
    expect(await setLinkLogo(db, storage, actorOf(merchant), { platformId: platform.id, bytes: Buffer.from('GIF89a') })).toEqual({
      ok: false,
      error: 'fileType',
    });
    expect(await setLinkLogo(db, storage, actorOf(merchant), { platformId: platform.id, bytes: PNG })).toEqual({ ok: true });
    expect((await readLinkLogo(db, storage, handle))?.bytes.equals(PNG)).toBe(true);
  });
});
