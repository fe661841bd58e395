import { and, asc, count, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { assertStaff, ownedBy, type StaffActor } from '@/lib/actor';
import { kycDocuments, kycProfiles, kycSubmissions, users, type KycStatus } from '@/db/schema';
import { toAsciiDigits } from '@/lib/validation/digits';
import { isUuid } from '@/lib/validation/ids';
import type { PersonKind } from '@/lib/validation/kyc';
import { withoutControls } from '@/lib/validation/text';

export type QueueFilters = {
  status?: KycStatus;
  kind?: PersonKind;
  search?: string;
  submittedFrom?: Date;
  submittedBefore?: Date;
  limit: number;
  offset: number;
};

/** The review queue (staff only: the actor's type says so): oldest submission first, filtered by state, kind, date and a free search. */
export async function listKycQueue(db: DbOrTx, actor: StaffActor, f: QueueFilters) {
  assertStaff(actor);
  const where: SQL[] = [];
  if (f.status) where.push(eq(kycProfiles.status, f.status));
  if (f.kind) where.push(eq(kycProfiles.kind, f.kind));
  if (f.submittedFrom) where.push(gte(kycProfiles.submittedAt, f.submittedFrom));
  if (f.submittedBefore) where.push(lt(kycProfiles.submittedAt, f.submittedBefore));
  const q = toAsciiDigits(withoutControls(f.search ?? ''))
    .trim()
    .slice(0, 100);
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        sql`${users.mobile} like ${like}`,
        sql`concat_ws(' ', ${kycProfiles.identity}->>'firstName', ${kycProfiles.identity}->>'lastName', ${kycProfiles.identity}->>'companyName', ${kycProfiles.identity}->>'tradeName', ${users.firstName}, ${users.lastName}) ilike ${like}`,
        sql`concat_ws(' ', ${kycProfiles.identity}->>'nationalCode', ${kycProfiles.identity}->>'ceoNationalCode', ${kycProfiles.identity}->>'legalId', ${kycProfiles.identity}->>'vkn', ${kycProfiles.identity}->>'authorisedTckn') like ${like}`,
      )!,
    );
  }
  return db
    .select({
      id: kycProfiles.id,
      status: kycProfiles.status,
      kind: kycProfiles.kind,
      submittedAt: kycProfiles.submittedAt,
      identity: kycProfiles.identity,
      mobile: users.mobile,
      userName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
    })
    .from(kycProfiles)
    .innerJoin(users, eq(users.id, kycProfiles.userId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(sql`${kycProfiles.submittedAt} asc nulls last`, asc(kycProfiles.createdAt))
    .limit(f.limit)
    .offset(f.offset);
}

export async function kycCounts(db: DbOrTx, actor: StaffActor): Promise<Record<KycStatus, number>> {
  assertStaff(actor);
  const rows = await db
    .select({ status: kycProfiles.status, n: count() })
    .from(kycProfiles)
    .where(ownedBy(actor, kycProfiles.userId))
    .groupBy(kycProfiles.status);
  const out: Record<KycStatus, number> = { draft: 0, submitted: 0, approved: 0, rejected: 0, suspended: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Everything a reviewer needs on one page. */
export async function getKycForReview(db: DbOrTx, actor: StaffActor, profileId: string) {
  assertStaff(actor);
  if (!isUuid(profileId)) return null;
  const [row] = await db
    .select({ profile: kycProfiles, mobile: users.mobile, firstName: users.firstName, lastName: users.lastName })
    .from(kycProfiles)
    .innerJoin(users, eq(users.id, kycProfiles.userId))
    .where(eq(kycProfiles.id, profileId));
  if (!row) return null;
  const [docs, history] = await Promise.all([
    db.select().from(kycDocuments).where(eq(kycDocuments.userId, row.profile.userId)).orderBy(desc(kycDocuments.createdAt)),
    db.select().from(kycSubmissions).where(eq(kycSubmissions.profileId, profileId)).orderBy(desc(kycSubmissions.submittedAt)),
  ]);
  const current: typeof docs = [];
  for (const d of docs) if (!current.some((c) => c.kind === d.kind)) current.push(d);
  return { ...row, documents: current, history };
}
