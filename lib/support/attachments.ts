import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { supportAttachments, supportMessages, supportTickets, type SupportAttachment } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { MAX_DOCUMENT_BYTES, sniffContentType } from '@/lib/kyc/documents';
import { canStaff } from '@/lib/staff/permissions';
import { can } from '@/lib/teams/permissions';
import { hit, type RateRule } from '@/lib/rate-limit';
import { err, ok, type Result } from '@/lib/result';
import type { FileStorage } from '@/lib/storage';
import { isUuid } from '@/lib/validation/ids';

/**
 * Files of support messages: the KYC documents' checks (≤ 5 MB, PDF, PNG or JPEG judged by their
 * bytes, never by name or declared type). A file is uploaded as soon as it is picked and waits,
 * owned by its uploader (and their business), until the message it is sent with claims it;
 * unclaimed files are swept after a day.
 */

export type AttachmentError = 'fileEmpty' | 'fileTooLarge' | 'fileType' | 'roleForbidden' | 'supportUploadsTooMany';

/** Files a person may upload: a conversation's worth, not a disk's. */
export const UPLOAD_RULE: RateRule = { limit: 30, windowSeconds: 600 };

export async function uploadAttachment(
  db: DbOrTx,
  actor: MerchantActor | StaffActor,
  input: { bytes: Buffer; name: string },
  storage: FileStorage,
): Promise<Result<{ id: string; name: string; size: number; contentType: string }, AttachmentError>> {
  if (actor.kind === 'merchant' ? !can(actor, 'payments') : !canStaff(actor, 'support', 'write')) return err('roleForbidden');
  if (!(await hit(db, `support:upload:${actor.userId}`, UPLOAD_RULE)).ok) return err('supportUploadsTooMany');
  if (input.bytes.length === 0) return err('fileEmpty');
  if (input.bytes.length > MAX_DOCUMENT_BYTES) return err('fileTooLarge');
  const contentType = sniffContentType(input.bytes);
  if (!contentType) return err('fileType');
  const storageKey = `support/${randomUUID()}`;
  await storage.put(storageKey, input.bytes, contentType);
  const name = input.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'file';
  const [row] = await db
    .insert(supportAttachments)
    .values({
      merchantId: actor.kind === 'merchant' ? actor.merchantId : null,
      uploadedBy: actor.userId,
      storageKey,
      contentType,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      name,
    })
    .returning();
  return ok({ id: row.id, name: row.name, size: row.size, contentType: row.contentType });
}

/**
 * Gives the uploader's waiting files to a message (inside its transaction). Files that are not the
 * actor's, or already sent, are refused as a whole: the message is not sent half-attached.
 */
export async function claimAttachments(
  tx: DbOrTx,
  actor: MerchantActor | StaffActor,
  ids: string[],
  target: { ticketId: string; messageId: string; merchantId: string },
): Promise<boolean> {
  const unique = [...new Set(ids)];
  if (!unique.length) return true;
  if (!unique.every(isUuid)) return false;
  const rows = await tx
    .update(supportAttachments)
    .set({ ticketId: target.ticketId, messageId: target.messageId, merchantId: target.merchantId })
    .where(
      and(
        inArray(supportAttachments.id, unique),
        eq(supportAttachments.uploadedBy, actor.userId),
        isNull(supportAttachments.messageId),
        actor.kind === 'merchant' ? eq(supportAttachments.merchantId, actor.merchantId) : isNull(supportAttachments.merchantId),
      ),
    )
    .returning({ id: supportAttachments.id });
  return rows.length === unique.length;
}

/**
 * An attachment's bytes: for the business whose ticket it is (never a file of a staff note), or for
 * staff who may read support; anyone else gets null, as if it did not exist.
 */
export async function readAttachment(
  db: DbOrTx,
  actor: MerchantActor | StaffActor,
  id: string,
  storage: FileStorage,
): Promise<{ attachment: SupportAttachment; bytes: Buffer } | null> {
  if (!isUuid(id)) return null;
  if (actor.kind === 'merchant' ? !can(actor, 'payments') : !canStaff(actor, 'support', 'read')) return null;
  const [row] = await db
    .select({ a: supportAttachments })
    .from(supportAttachments)
    .innerJoin(supportMessages, eq(supportMessages.id, supportAttachments.messageId))
    .innerJoin(supportTickets, eq(supportTickets.id, supportAttachments.ticketId))
    .where(
      and(
        eq(supportAttachments.id, id),
        actor.kind === 'merchant' ? and(eq(supportTickets.merchantId, actor.merchantId), eq(supportMessages.internal, false)) : undefined,
      ),
    );
  if (!row) return null;
  const bytes = await storage.get(row.a.storageKey);
  return bytes ? { attachment: row.a, bytes } : null;
}

/** Removes files picked but never sent, older than a day (the worker's support sweep). */
export async function sweepUnclaimedAttachments(db: Db, storage: FileStorage, now = new Date()): Promise<number> {
  const gone = await db
    .delete(supportAttachments)
    .where(and(isNull(supportAttachments.messageId), lt(supportAttachments.createdAt, sql`${now.toISOString()}::timestamptz - interval '1 day'`)))
    .returning({ key: supportAttachments.storageKey });
  for (const g of gone) await storage.remove(g.key).catch(() => {});
  return gone.length;
}
