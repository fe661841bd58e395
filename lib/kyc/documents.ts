import { createHash, randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { kycDocumentKind, kycDocuments, kycProfiles, type KycDocument, type KycDocumentKind } from '@/db/schema';
import type { Actor, MerchantActor } from '@/lib/actor';
import type { FileStorage } from '@/lib/storage';
import type { PersonKind } from '@/lib/validation/kyc';
import { ownedRow } from '@/lib/owned-row';
import { DOCUMENTS_FOR } from './document-kinds';

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** Every kind of document there is (the upload route's list). */
export const KYC_DOCUMENT_KINDS = kycDocumentKind.enumValues;

export { DOCUMENTS_FOR };

/** Whether `kind` is one of the documents `person` gives. */
function isDocumentOf(person: PersonKind, kind: KycDocumentKind): boolean {
  return (DOCUMENTS_FOR[person] as readonly string[]).includes(kind);
}

/** The type a file really is, read from its first bytes; its name and declared type count for nothing. */
export function sniffContentType(bytes: Uint8Array): 'application/pdf' | 'image/png' | 'image/jpeg' | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

export type UploadResult = { ok: true; document: KycDocument } | { ok: false; error: 'fileEmpty' | 'fileTooLarge' | 'fileType' | 'documentKind' | 'inReview' };

/** One of the merchant's own documents; `storage` is where the bytes go. */
export async function uploadKycDocument(
  db: DbOrTx,
  actor: MerchantActor,
  input: { kind: KycDocumentKind; bytes: Buffer; name: string; personKind: PersonKind },
  storage: FileStorage,
): Promise<UploadResult> {
  const userId = actor.merchantId;
  if (input.bytes.length === 0) return { ok: false, error: 'fileEmpty' };
  if (input.bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, error: 'fileTooLarge' };
  const contentType = sniffContentType(input.bytes);
  if (!contentType) return { ok: false, error: 'fileType' };
  if (!isDocumentOf(input.personKind, input.kind)) return { ok: false, error: 'documentKind' };
  const [profile] = await db.select({ status: kycProfiles.status }).from(kycProfiles).where(eq(kycProfiles.userId, userId));
  if (profile?.status === 'submitted') return { ok: false, error: 'inReview' };

  const storageKey = `kyc/${userId}/${randomUUID()}`;
  await storage.put(storageKey, input.bytes, contentType);
  const [document] = await db
    .insert(kycDocuments)
    .values({
      userId,
      kind: input.kind,
      storageKey,
      contentType,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      originalName: input.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'document',
    })
    .returning();
  return { ok: true, document };
}

/** The newest document of each kind the merchant has uploaded. */
export async function currentKycDocuments(db: DbOrTx, actor: MerchantActor): Promise<Partial<Record<KycDocumentKind, KycDocument>>> {
  const rows = await db.select().from(kycDocuments).where(eq(kycDocuments.userId, actor.merchantId)).orderBy(desc(kycDocuments.createdAt));
  const out: Partial<Record<KycDocumentKind, KycDocument>> = {};
  for (const r of rows) out[r.kind] ??= r;
  return out;
}

/** A document's bytes, for its owner or staff only; anyone else gets nothing (as if it did not exist). */
export async function readKycDocument(
  db: DbOrTx,
  actor: Actor,
  documentId: string,
  storage: FileStorage,
): Promise<{ document: KycDocument; bytes: Buffer } | null> {
  const document = await ownedRow(db, actor, kycDocuments, documentId);
  if (!document) return null;
  const bytes = await storage.get(document.storageKey);
  return bytes ? { document, bytes } : null;
}
