import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { TicketSide } from '@/db/schema';

/**
 * What live conversations announce on PostgreSQL's `support_live` channel (lib/support/live.ts
 * listens). Ids and sides only, never a body: each stream re-reads a message through its own
 * reader's access-checked query, so what a NOTIFY carries cannot leak an internal note.
 *
 *   m       a message was stored on ticket `t` (sent inside the storing transaction: delivered at commit)
 *   typing  side `s` is typing
 *   here    side `s` has the conversation open (`ask`: answer with your own `here`)
 *   gone    side `s` closed it
 *   read    side `s` read the conversation up to now
 */
export const LIVE_CHANNEL = 'support_live';

export type LiveNote =
  { t: string; k: 'm'; id: string } | { t: string; k: 'typing' | 'gone' | 'read'; s: TicketSide } | { t: string; k: 'here'; s: TicketSide; ask?: boolean };

export async function announce(db: DbOrTx, note: LiveNote): Promise<void> {
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(note)})`);
}

/** A NOTIFY payload as a note, or null when it is not one of ours. */
export function parseNote(payload: string): LiveNote | null {
  try {
    const n = JSON.parse(payload) as LiveNote;
    if (typeof n?.t !== 'string' || typeof n.k !== 'string') return null;
    if (n.k === 'm') return typeof n.id === 'string' ? n : null;
    return n.s === 'merchant' || n.s === 'staff' ? n : null;
  } catch {
    return null;
  }
}
