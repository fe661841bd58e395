import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { auditEvents, users } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { dayParam } from '@/lib/date/day-param';
import { tehranStartOf } from '@/lib/date/tehran';
import { normalizeMobile } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';
import { isUuid } from '@/lib/validation/ids';
import { normalizeTurkishMobile } from '@/lib/validation/mobile-tr';
import { withoutControls } from '@/lib/validation/text';

/**
 * Reading the audit trail: staff read every event, a merchant only the events of their own
 * business (the Actor's `merchantId`, in the query). Newest first, older pages by keyset on the
 * event's id (ids grow with time; `before` is the last shown id).
 */

const text = (max: number) =>
  z
    .string()
    .transform((s) => toAsciiDigits(withoutControls(s)).trim().slice(0, max))
    .optional();

/** The filters as typed into the page's GET form (one schema for the form and the server). */
export const auditQuerySchema = z.object({
  /** A person: user id or mobile (staff only). */
  actor: text(60),
  /** A business: its id or its owner's mobile (staff only). */
  merchant: text(60),
  objectType: text(40),
  objectId: text(64),
  action: text(60),
  /** Days in the reader's calendar (Jalali, Gregorian or Turkish `dd.MM.yyyy`). */
  from: text(20),
  to: text(20),
  before: text(20),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditFilters = {
  actorUserId?: string;
  actorMobile?: string;
  merchantId?: string;
  merchantMobile?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  /** ISO days, Tehran calendar, both ends included. */
  from?: string;
  to?: string;
  /** Keyset: events older than this id. */
  before?: bigint;
};

/** Reads a query into filters; a day that is not a day is named so the page can say so by the field. */
export function readAuditQuery(
  raw: Record<string, string | string[] | undefined>,
  audience: 'staff' | 'merchant' = 'staff',
): {
  query: AuditQuery;
  filters: AuditFilters;
  errors: { from?: 'dateInvalid'; to?: 'dateInvalid'; actor?: 'auditWho'; merchant?: 'auditWho' };
} {
  const flat = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuerySchema.safeParse(flat);
  const query: AuditQuery = parsed.success ? parsed.data : {};
  // A merchant reads their own business only: there is no person or business to choose.
  if (audience === 'merchant') {
    delete query.actor;
    delete query.merchant;
  }
  const errors: ReturnType<typeof readAuditQuery>['errors'] = {};
  const filters: AuditFilters = {};
  const who = (v: string | undefined, key: 'actor' | 'merchant') => {
    if (!v) return;
    if (isUuid(v)) return { id: v.toLowerCase() };
    const mobile = normalizeMobile(v) ?? normalizeTurkishMobile(v);
    if (mobile) return { mobile };
    errors[key] = 'auditWho';
  };
  const a = who(query.actor, 'actor');
  if (a) Object.assign(filters, a.id ? { actorUserId: a.id } : { actorMobile: a.mobile });
  const m = who(query.merchant, 'merchant');
  if (m) Object.assign(filters, m.id ? { merchantId: m.id } : { merchantMobile: m.mobile });
  if (query.objectType) filters.objectType = query.objectType;
  if (query.objectId) filters.objectId = query.objectId;
  if (query.action) filters.action = query.action;
  if (query.from) {
    const d = dayParam(query.from);
    if (d) filters.from = d;
    else errors.from = 'dateInvalid';
  }
  if (query.to) {
    const d = dayParam(query.to);
    if (d) filters.to = d;
    else errors.to = 'dateInvalid';
  }
  if (query.before && /^\d{1,19}$/.test(query.before)) filters.before = BigInt(query.before);
  return { query, filters, errors };
}

export type AuditRow = {
  id: string;
  at: Date;
  actorKind: 'merchant' | 'staff' | 'api' | 'system';
  /** Staff's names and ids are never shown to a merchant: null there. */
  actorUserId: string | null;
  actorName: string | null;
  actorMobile: string | null;
  merchantId: string | null;
  merchantName: string | null;
  merchantMobile: string | null;
  action: string;
  objectType: string;
  objectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Staff see where every change came from; a merchant sees it for their own team's changes only. */
  ip: string | null;
  userAgent: string | null;
};

export const AUDIT_PAGE = 50;
const MAX_PAGE = 1000;

function conditions(actor: Actor, f: AuditFilters): SQL[] {
  const staff = actor.kind === 'staff';
  const where: (SQL | undefined)[] = [ownedBy(actor, auditEvents.merchantId)];
  if (staff) {
    if (f.actorUserId) where.push(eq(auditEvents.actorUserId, f.actorUserId));
    if (f.merchantId) where.push(eq(auditEvents.merchantId, f.merchantId));
  }
  if (f.objectType) where.push(eq(auditEvents.objectType, f.objectType));
  if (f.objectId) where.push(eq(auditEvents.objectId, f.objectId));
  if (f.action) where.push(eq(auditEvents.action, f.action));
  if (f.from) where.push(gte(auditEvents.at, tehranStartOf(f.from)));
  if (f.to) where.push(lt(auditEvents.at, new Date(tehranStartOf(f.to).getTime() + 86_400_000)));
  if (f.before !== undefined) where.push(lt(auditEvents.id, f.before));
  return where.filter((w): w is SQL => Boolean(w));
}

/**
 * One page of events the actor may read, newest first, with who made each and for which business.
 * For a merchant, staff stay anonymous ("support staff") and their IP and browser are not shown.
 */
export async function listAuditEvents(db: DbOrTx, actor: Actor, f: AuditFilters, limit = AUDIT_PAGE): Promise<{ rows: AuditRow[]; next: string | null }> {
  const size = Math.max(1, Math.min(limit, MAX_PAGE));
  // A mobile is first made the person's id, so the page reads the (person, id) index in order
  // instead of every event of theirs (an `in (select …)` cannot be walked newest first).
  if (actor.kind === 'staff' && (f.actorMobile || f.merchantMobile)) {
    const idOf = async (mobile: string) => (await db.select({ id: users.id }).from(users).where(eq(users.mobile, mobile)))[0]?.id;
    const resolved = { ...f, actorMobile: undefined, merchantMobile: undefined };
    for (const [mobile, key] of [
      [f.actorMobile, 'actorUserId'],
      [f.merchantMobile, 'merchantId'],
    ] as const) {
      if (!mobile) continue;
      const id = await idOf(mobile);
      if (!id || (resolved[key] && resolved[key] !== id)) return { rows: [], next: null };
      resolved[key] = id;
    }
    return listAuditEvents(db, actor, resolved, limit);
  }
  const who = alias(users, 'audit_actor');
  const business = alias(users, 'audit_merchant');
  const found = await db
    .select({
      e: auditEvents,
      actorFirst: who.firstName,
      actorLast: who.lastName,
      actorMobile: who.mobile,
      merchantFirst: business.firstName,
      merchantLast: business.lastName,
      merchantMobile: business.mobile,
    })
    .from(auditEvents)
    .leftJoin(who, eq(who.id, auditEvents.actorUserId))
    .leftJoin(business, eq(business.id, auditEvents.merchantId))
    .where(and(...conditions(actor, f)))
    .orderBy(desc(auditEvents.id))
    .limit(size + 1);
  const page = found.slice(0, size);
  const staff = actor.kind === 'staff';
  const rows = page.map(({ e, ...p }): AuditRow => {
    const hidden = !staff && e.actorKind === 'staff';
    const name = (a: string | null, b: string | null) => (a || b ? `${a ?? ''} ${b ?? ''}`.trim() : null);
    return {
      id: e.id.toString(),
      at: e.at,
      actorKind: e.actorKind as AuditRow['actorKind'],
      actorUserId: hidden ? null : e.actorUserId,
      actorName: hidden ? null : name(p.actorFirst, p.actorLast),
      actorMobile: hidden ? null : p.actorMobile,
      merchantId: e.merchantId,
      merchantName: name(p.merchantFirst, p.merchantLast),
      merchantMobile: p.merchantMobile,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId,
      before: (e.before as Record<string, unknown> | null) ?? null,
      after: (e.after as Record<string, unknown> | null) ?? null,
      ip: hidden ? null : e.ip,
      userAgent: hidden ? null : e.userAgent,
    };
  });
  return { rows, next: found.length > size ? page[page.length - 1].e.id.toString() : null };
}

export type DiffLine = { key: string; before: string | null; after: string | null };

const shown = (v: unknown): string | null => (v === undefined ? null : v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Before and after as lines that changed (or, for a new or removed object, every line it had). */
export function diffOf(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffLine[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const lines: DiffLine[] = [];
  for (const key of keys) {
    const b = before ? shown(before[key]) : null;
    const a = after ? shown(after[key]) : null;
    if (before && after && b === a) continue;
    lines.push({ key, before: b, after: a });
  }
  return lines;
}
