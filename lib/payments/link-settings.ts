import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db';
import { violates } from '@/db/errors';
import { merchantServices, paymentLinkSettings, platforms, type PaymentLinkSettings, type Platform } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { open, seal } from '@/lib/crypto/secretbox';
import { liveGateways, type GatewayId } from '@/lib/gateways';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import { HANDLE_RE, type buildLinkSchema, type saveLinkSettingsSchema } from '@/lib/validation/payments';

/**
 * A platform's payment link: its settings (handle, title, amounts, gateways), the key that signs
 * prefilled links, and the public side a payer sees.
 */

/** The platform, if the actor may act on it and it belongs to the payment-gateway service. */
export async function paymentPlatform(db: Db, actor: Actor, platformId: string): Promise<Platform | null> {
  if (!isUuid(platformId)) return null;
  const [row] = await db
    .select({ platform: platforms, serviceId: merchantServices.serviceId })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .where(and(eq(platforms.id, platformId), ownedBy(actor, platforms.userId)));
  return row?.serviceId === 'payment' ? row.platform : null;
}

export async function getLinkSettings(db: Db, actor: Actor, platformId: string): Promise<PaymentLinkSettings | null | 'notFound'> {
  const platform = await paymentPlatform(db, actor, platformId);
  if (!platform) return 'notFound';
  const [row] = await db.select().from(paymentLinkSettings).where(eq(paymentLinkSettings.platformId, platform.id));
  return row ?? null;
}

/** Saves a platform's link settings (the first save makes its signing key); audited with before and after. */
export async function saveLinkSettings(db: Db, actor: Actor, input: z.output<typeof saveLinkSettingsSchema>): Promise<Result<PaymentLinkSettings, 'notFound'>> {
  const { platformId, ...settings } = input;
  const platform = await paymentPlatform(db, actor, platformId);
  if (!platform) return err('notFound');
  const offered = await liveGateways(db);
  const gateways = settings.gateways.filter((g) => offered.includes(g));
  if (settings.gateways.length && !gateways.length && !settings.acceptSlips) return fieldErr({ gateways: 'noPaymentMethod' });
  const values = { ...settings, gateways, updatedAt: new Date() };
  try {
    const row = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(paymentLinkSettings).where(eq(paymentLinkSettings.platformId, platform.id)).for('update');
      const [saved] = await tx
        .insert(paymentLinkSettings)
        .values({ platformId: platform.id, ...values, signingKeyEncrypted: seal(randomBytes(32).toString('base64url')) })
        .onConflictDoUpdate({ target: paymentLinkSettings.platformId, set: values })
        .returning();
      await audit(tx, actor, {
        action: before ? 'payment_link.updated' : 'payment_link.created',
        objectType: 'payment_link',
        objectId: platform.id,
        merchantId: platform.userId,
        before: before ? auditView(before) : null,
        after: auditView(saved),
      });
      return saved;
    });
    return ok(row);
  } catch (e) {
    if (violates(e, 'payment_link_settings_handle_key')) return fieldErr({ handle: 'handleTaken' });
    throw e;
  }
}

/** What the audit trail keeps of the settings: never the signing key. */
export function auditView(s: PaymentLinkSettings) {
  return {
    handle: s.handle,
    title: s.title,
    enabled: s.enabled,
    displayUnit: s.displayUnit,
    gateways: s.gateways,
    minAmount: s.minAmount,
    maxAmount: s.maxAmount,
    acceptSlips: s.acceptSlips,
    logoKey: s.logoKey,
  };
}

/** The query parameters a link may prefill, under our names and the product's own. */
export type LinkPrefill = { amount?: string; name?: string; description?: string };

export function prefillOf(query: Record<string, string | string[] | undefined>): LinkPrefill {
  const one = (k: string) => {
    const v = query[k];
    return (Array.isArray(v) ? v[0] : v)?.slice(0, 500);
  };
  const out: LinkPrefill = {};
  const amount = one('amount') ?? one('price');
  const name = one('name') ?? one('receivername');
  const description = one('description');
  if (amount) out.amount = amount;
  if (name) out.name = name;
  if (description) out.description = description;
  return out;
}

function canonical(p: LinkPrefill): string {
  return (['amount', 'description', 'name'] as const)
    .filter((k) => p[k] !== undefined)
    .map((k) => `${k}=${p[k]}`)
    .join('&');
}

export function signPrefill(settings: Pick<PaymentLinkSettings, 'signingKeyEncrypted' | 'handle'>, p: LinkPrefill): string {
  return createHmac('sha256', open(settings.signingKeyEncrypted))
    .update(`${settings.handle}\n${canonical(p)}`)
    .digest('base64url')
    .slice(0, 32);
}

/** `none`: an ordinary link; `valid`: the prefilled fields are locked; `invalid`: changed, refuse it. */
export function checkSignature(settings: PaymentLinkSettings, query: Record<string, string | string[] | undefined>): 'none' | 'valid' | 'invalid' {
  const sig = query.sig;
  if (sig === undefined) return 'none';
  if (typeof sig !== 'string') return 'invalid';
  const want = Buffer.from(signPrefill(settings, prefillOf(query)));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? 'valid' : 'invalid';
}

/** A link builder's URL, signed when asked. */
export async function buildLink(db: Db, actor: Actor, input: z.output<typeof buildLinkSchema>, baseUrl: string): Promise<Result<{ url: string }, 'notFound'>> {
  const settings = await getLinkSettings(db, actor, input.platformId);
  if (!settings || settings === 'notFound') return err('notFound');
  const prefill: LinkPrefill = {};
  for (const k of ['amount', 'name', 'description'] as const) if (input[k]?.trim()) prefill[k] = input[k]!.trim();
  const q = new URLSearchParams(prefill as Record<string, string>);
  if (input.sign) q.set('sig', signPrefill(settings, prefill));
  const qs = q.toString();
  return ok({ url: `${baseUrl}/pay/${settings.handle}${qs ? `?${qs}` : ''}` });
}

/** The public side of a link: enabled, of an approved platform, with the gateways still offered. */
export async function publicLink(db: Db, handle: string) {
  if (!HANDLE_RE.test(handle)) return null;
  const [row] = await db
    .select({ settings: paymentLinkSettings, platform: platforms })
    .from(paymentLinkSettings)
    .innerJoin(platforms, eq(platforms.id, paymentLinkSettings.platformId))
    .where(and(eq(paymentLinkSettings.handle, handle), eq(paymentLinkSettings.enabled, true), eq(platforms.status, 'approved')));
  if (!row) return null;
  const offered = await liveGateways(db);
  return { ...row, gateways: row.settings.gateways.filter((g): g is GatewayId => offered.includes(g as GatewayId)) };
}
