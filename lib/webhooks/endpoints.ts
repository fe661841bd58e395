import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import { open, seal } from '@/lib/crypto/secretbox';
import { getOwnPlatform } from '@/lib/platforms';
import { webhookUrlSchema } from '@/lib/validation/platforms';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function getWebhookEndpoint(db: Db, userId: string, platformId: string) {
  const platform = await getOwnPlatform(db, userId, platformId);
  if (!platform) return null;
  const [row] = await db
    .select({ url: webhookEndpoints.url, updatedAt: webhookEndpoints.updatedAt })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.platformId, platform.id));
  return row ?? null;
}

export type SetWebhookResult = { ok: true; secret: string | null } | { ok: false; error: 'notFound' | 'urlInvalid' };

/**
 * Sets the endpoint URL. A new endpoint, or `rollSecret`, makes a new signing secret, returned
 * this once; changing only the URL keeps the secret.
 */
export async function setWebhookEndpoint(db: Db, userId: string, platformId: string, input: { url: string; rollSecret?: boolean }): Promise<SetWebhookResult> {
  const url = webhookUrlSchema.safeParse(input.url);
  if (!url.success) return { ok: false, error: 'urlInvalid' };
  const platform = await getOwnPlatform(db, userId, platformId);
  if (!platform) return { ok: false, error: 'notFound' };
  const [existing] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, platform.id));
  if (existing) {
    const secret = input.rollSecret ? newSigningSecret() : null;
    await db
      .update(webhookEndpoints)
      .set({ url: url.data, updatedAt: new Date(), ...(secret ? { secretEncrypted: seal(secret) } : {}) })
      .where(eq(webhookEndpoints.platformId, platform.id));
    return { ok: true, secret };
  }
  const secret = newSigningSecret();
  await db.insert(webhookEndpoints).values({ platformId: platform.id, url: url.data, secretEncrypted: seal(secret) });
  return { ok: true, secret };
}

/** For the delivery job: the secret to sign a platform's webhooks with. */
export async function signingSecretOf(db: Db, platformId: string): Promise<{ url: string; secret: string } | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, platformId));
  return row ? { url: row.url, secret: open(row.secretEncrypted) } : null;
}
