import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor, MerchantActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { open, seal } from '@/lib/crypto/secretbox';
import { getOwnPlatform } from '@/lib/platforms';
import { err, ok, type Result } from '@/lib/result';
import { webhookUrlSchema } from '@/lib/validation/platforms';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function getWebhookEndpoint(db: DbOrTx, actor: Actor, platformId: string) {
  const platform = await getOwnPlatform(db, actor, platformId);
  if (!platform) return null;
  const [row] = await db
    .select({ url: webhookEndpoints.url, updatedAt: webhookEndpoints.updatedAt })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.platformId, platform.id));
  return row ?? null;
}

/**
 * Sets the endpoint URL. A new endpoint, or `rollSecret`, makes a new signing secret, returned
 * this once; changing only the URL keeps the secret. The change and its audit event (the secret
 * masked) are one transaction.
 */
export async function setWebhookEndpoint(
  db: Db,
  actor: MerchantActor,
  input: { platformId: string; url: string; rollSecret?: boolean },
): Promise<Result<{ secret: string | null }, 'notFound' | 'urlInvalid'>> {
  const url = webhookUrlSchema.safeParse(input.url);
  if (!url.success) return err('urlInvalid');
  const platform = await getOwnPlatform(db, actor, input.platformId);
  if (!platform) return err('notFound');
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, platform.id)).for('update');
    const secret = !existing || input.rollSecret ? newSigningSecret() : null;
    if (existing) {
      await tx
        .update(webhookEndpoints)
        .set({ url: url.data, updatedAt: new Date(), ...(secret ? { secretEncrypted: seal(secret) } : {}) })
        .where(eq(webhookEndpoints.platformId, platform.id));
    } else {
      await tx.insert(webhookEndpoints).values({ platformId: platform.id, url: url.data, secretEncrypted: seal(secret!) });
    }
    // `secret` is masked by audit(): the event says whether a new one was made, never what it is.
    await audit(tx, actor, {
      action: existing ? 'update' : 'create',
      objectType: 'webhook_endpoint',
      objectId: platform.id,
      before: existing ? { url: existing.url } : null,
      after: { url: url.data, secret },
    });
    return ok({ secret });
  });
}

/** For the delivery job: the secret to sign a platform's webhooks with. */
export async function signingSecretOf(db: Db, platformId: string): Promise<{ url: string; secret: string } | null> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.platformId, platformId));
  return row ? { url: row.url, secret: open(row.secretEncrypted) } : null;
}
