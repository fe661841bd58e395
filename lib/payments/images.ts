import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, paymentLinkSettings, payments, platforms } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { env } from '@/lib/env';
import { sniffContentType } from '@/lib/kyc/documents';
import type { FileStorage } from '@/lib/storage';
import { isUuid } from '@/lib/validation/ids';
import { HANDLE_RE } from '@/lib/validation/payments';
import { err, ok, type Result } from '@/lib/result';
import { getLinkSettings } from './link-settings';

/**
 * Images around payment links: the merchant's logo on the link page, and the photo a payer may
 * attach to a deposit slip. Only PNG and JPEG, recognised by their bytes, never by name.
 */
export const MAX_LOGO_BYTES = 512 * 1024;
export const MAX_SLIP_IMAGE_BYTES = 3 * 1024 * 1024;

type ImageError = 'fileEmpty' | 'fileTooLarge' | 'fileType';

function checkImage(bytes: Buffer, max: number): Result<'image/png' | 'image/jpeg', ImageError> {
  if (bytes.length === 0) return err('fileEmpty');
  if (bytes.length > max) return err('fileTooLarge');
  const type = sniffContentType(bytes);
  if (type !== 'image/png' && type !== 'image/jpeg') return err('fileType');
  return ok(type);
}

/** Replaces the logo of a platform's payment link (the actor's own platform, or any for staff). */
export async function setLinkLogo(
  db: Db,
  storage: FileStorage,
  actor: Actor,
  input: { platformId: string; bytes: Buffer },
): Promise<Result<undefined, ImageError | 'notFound'>> {
  const settings = await getLinkSettings(db, actor, input.platformId);
  if (!settings || settings === 'notFound') return err('notFound');
  const check = checkImage(input.bytes, MAX_LOGO_BYTES);
  if (!check.ok) return check;
  const key = `links/${settings.platformId}/logo-${randomUUID()}`;
  await storage.put(key, input.bytes, check.data);
  await db.transaction(async (tx) => {
    await tx.update(paymentLinkSettings).set({ logoKey: key, updatedAt: new Date() }).where(eq(paymentLinkSettings.platformId, settings.platformId));
    await audit(tx, actor, {
      action: 'payment_link.logo_set',
      objectType: 'payment_link',
      objectId: settings.platformId,
      before: { logoKey: settings.logoKey },
      after: { logoKey: key },
    });
  });
  if (settings.logoKey) await storage.remove(settings.logoKey).catch(() => {});
  return ok();
}

export async function readLinkLogo(db: Db, storage: FileStorage, handle: string) {
  if (!HANDLE_RE.test(handle)) return null;
  const [s] = await db.select({ key: paymentLinkSettings.logoKey }).from(paymentLinkSettings).where(eq(paymentLinkSettings.handle, handle));
  if (!s?.key) return null;
  const bytes = await storage.get(s.key);
  const type = bytes ? sniffContentType(bytes) : null;
  return bytes && type ? { bytes, contentType: type } : null;
}

// A slip image is uploaded before the slip itself (the payer has no account): the upload
// answers a key with an HMAC over it, which the slip submit must bring back unchanged.
function mac(key: string) {
  return createHmac('sha256', env().AUTH_SECRET).update(`slip-image:${key}`).digest('base64url');
}

/**
 * A slip photo's token is good for this long after the upload. Photos no slip uses are swept a
 * day after their upload (`sweepSlipImages`), far beyond it, so a slip can never attach a photo
 * the sweep has judged unused: the sweep's check and the slip's insert are a day apart.
 */
export const SLIP_IMAGE_TOKEN_TTL_MS = 6 * 60 * 60 * 1000;
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const SLIP_KEY_RE = /^slips\/[a-z][a-z0-9-]{2,31}\/([0-9a-z]{1,11})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** When a slip photo was uploaded, from its key (`slips/<handle>/<ms in base 36>-<uuid>`); null for other keys. */
export function slipImageUploadedAt(key: string): Date | null {
  const m = SLIP_KEY_RE.exec(key);
  if (!m) return null;
  const ms = parseInt(m[1], 36);
  return Number.isSafeInteger(ms) ? new Date(ms) : null;
}

export async function uploadSlipImage(storage: FileStorage, handle: string, bytes: Buffer, now = new Date()): Promise<Result<{ token: string }, ImageError>> {
  const check = checkImage(bytes, MAX_SLIP_IMAGE_BYTES);
  if (!check.ok) return check;
  const key = `slips/${handle}/${now.getTime().toString(36)}-${randomUUID()}`;
  await storage.put(key, bytes, check.data);
  return ok({ token: `${key}.${mac(key)}` });
}

/** The storage key a token names, if the token is ours, made for this link's handle, and fresh. */
export function slipImageKey(token: string | undefined | null, handle: string, now = new Date()): string | null {
  if (!token) return null;
  const dot = token.lastIndexOf('.');
  const key = token.slice(0, dot);
  const want = Buffer.from(mac(key));
  const got = Buffer.from(token.slice(dot + 1));
  if (dot < 0 || want.length !== got.length || !timingSafeEqual(want, got)) return null;
  if (!key.startsWith(`slips/${handle}/`)) return null;
  // Tokens from before keys carried their time have no age to judge: refused like stale ones.
  const at = slipImageUploadedAt(key)?.getTime();
  if (at === undefined || now.getTime() - at > SLIP_IMAGE_TOKEN_TTL_MS || at - now.getTime() > CLOCK_SKEW_MS) return null;
  return key;
}

/** A slip's image, for the merchant who owns the payment (or staff). */
export async function readSlipImage(db: Db, storage: FileStorage, actor: Actor, paymentId: string) {
  if (!isUuid(paymentId)) return null;
  const [row] = await db
    .select({ key: depositSlips.imageKey })
    .from(depositSlips)
    .innerJoin(payments, eq(payments.id, depositSlips.paymentId))
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(and(eq(depositSlips.paymentId, paymentId), ownedBy(actor, platforms.userId)));
  if (!row?.key) return null;
  const bytes = await storage.get(row.key);
  const type = bytes ? sniffContentType(bytes) : null;
  return bytes && type ? { bytes, contentType: type } : null;
}
