import type { DbOrTx } from '@/db';
import { auditEvents } from '@/db/schema';
import type { Actor } from '@/lib/actor';

/**
 * Writes one audit event, in the caller's transaction (pass the `tx` the change runs in, so a
 * rolled-back change leaves no event). `actor` null is the system (jobs, the seed). Values whose
 * key names a secret are masked; the table refuses UPDATE and DELETE.
 */
export type AuditEntry = {
  action: string;
  objectType: string;
  objectId: string;
  /** The business acted for; defaults to the actor's own. */
  merchantId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

const SECRET_KEY = /pass(word)?|secret|token|api_?key|^key$|signing|otp|code_?hash|private/i;

export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v != null ? '***' : masked(v)]));
  }
  return typeof value === 'bigint' ? value.toString() : value;
}

export async function audit(tx: DbOrTx, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    actorKind: actor?.kind ?? 'system',
    actorUserId: actor && actor.kind !== 'api' ? actor.userId : null,
    merchantId: entry.merchantId !== undefined ? entry.merchantId : actor && actor.kind !== 'staff' ? actor.merchantId : null,
    action: entry.action.slice(0, 60),
    objectType: entry.objectType.slice(0, 40),
    objectId: entry.objectId.slice(0, 64),
    before: entry.before ? (masked(entry.before) as Record<string, unknown>) : null,
    after: entry.after ? (masked(entry.after) as Record<string, unknown>) : null,
    ip: actor?.via?.ip.slice(0, 64) ?? null,
    userAgent: actor?.via?.userAgent.slice(0, 300) ?? null,
  });
}
