import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { supportTickets, type TicketSide } from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { isShuttingDown, onShutdown } from '@/lib/lifecycle/index.mjs';
import { canStaff } from '@/lib/staff/permissions';
import { can } from '@/lib/teams/permissions';
import { markRead } from './index';
import { announce, LIVE_CHANNEL, parseNote, type LiveNote } from './live-notify';
import { liveMessages, type TicketMessage } from './queries';

/**
 * Live conversations (issue 21): Server-Sent Events fed by PostgreSQL LISTEN/NOTIFY, so a message
 * stored through any web instance reaches the streams open on every other one.
 *
 * One LISTEN connection per process (postgres.js `listen` keeps one dedicated connection for all of
 * a client's channels and re-listens after it drops), shared by every open stream through the hub
 * below: a NOTIFY is dispatched to the streams of its ticket only. Each message is stored first and
 * announced with ids only (lib/support/live-notify.ts); a stream re-reads it through its reader's
 * access-checked query (`liveMessages`), so a merchant's stream never carries a staff note.
 *
 * A stream checks the session, the side and the ticket when it opens, and lives at most
 * MAX_STREAM_MS: the browser then reconnects with Last-Event-ID (the last message id it has) and
 * everything is checked again, nothing lost. Heartbeats (comment lines) every HEARTBEAT_MS keep
 * proxies from closing it and announce the reader's presence; a merchant's also stamps
 * `merchant_seen_at`, which the staff queue's "waiting live" list and the support sweep read.
 */
export const HEARTBEAT_MS = 15_000;
export const MAX_STREAM_MS = 5 * 60_000;
/** Open streams per process; beyond it a browser polls instead (the page falls back by itself). */
export const MAX_STREAMS = 2000;
/** Open streams per person per process (a few tabs); beyond it that person's pages poll, so one member cannot take the cap from everyone. */
export const MAX_STREAMS_PER_READER = 8;

type Sub = { ticketId: string; reader: string; onNote: (n: LiveNote) => void; onResync: () => void; close: () => void };
type Listen = (channel: string, onNotify: (payload: string) => void, onListen: () => void) => Promise<{ unlisten: () => Promise<void> }>;

export class LiveHub {
  private subs = new Map<string, Set<Sub>>();
  private count = 0;
  private perReader = new Map<string, number>();
  private listening: Promise<{ unlisten: () => Promise<void> }> | null = null;
  private listenedOnce = false;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private reads = new Map<string, Promise<unknown>>();

  constructor(private listen: Listen) {}

  /**
   * One read shared by the streams that would make the same one (the same message for the same
   * view): a message on a ticket with many open tabs is read once per view, not once per tab.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.reads.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.reads.set(key, p);
      const drop = () => void setTimeout(() => this.reads.delete(key), 2000).unref?.();
      p.then(drop, drop);
    }
    return p;
  }

  get size() {
    return this.count;
  }

  /** At the process's cap, or at this reader's own. */
  full(reader?: string) {
    return this.count >= MAX_STREAMS || (reader !== undefined && (this.perReader.get(reader) ?? 0) >= MAX_STREAMS_PER_READER);
  }

  /** Adds a stream; resolves once this process LISTENs (so nothing stored after this is missed). */
  async add(sub: Sub): Promise<void> {
    let set = this.subs.get(sub.ticketId);
    if (!set) this.subs.set(sub.ticketId, (set = new Set()));
    if (set.has(sub)) return;
    set.add(sub);
    this.count++;
    this.perReader.set(sub.reader, (this.perReader.get(sub.reader) ?? 0) + 1);
    this.startSweeper();
    try {
      await this.ensureListening();
    } catch (e) {
      this.remove(sub);
      throw e;
    }
  }

  remove(sub: Sub) {
    const set = this.subs.get(sub.ticketId);
    if (set?.delete(sub)) {
      this.count--;
      const left = (this.perReader.get(sub.reader) ?? 1) - 1;
      if (left > 0) this.perReader.set(sub.reader, left);
      else this.perReader.delete(sub.reader);
      if (!set.size) this.subs.delete(sub.ticketId);
    }
  }

  dispatch(payload: string) {
    const n = parseNote(payload);
    if (!n) return;
    for (const s of this.subs.get(n.t) ?? []) s.onNote(n);
  }

  /** Ends every stream (shutdown); browsers reconnect to another instance. */
  closeAll() {
    for (const set of [...this.subs.values()]) for (const s of [...set]) s.close();
  }

  async stop() {
    this.closeAll();
    if (this.sweeper) clearInterval(this.sweeper);
    const l = this.listening;
    this.listening = null;
    if (l) await (await l).unlisten().catch(() => {});
  }

  private ensureListening() {
    this.listening ??= this.listen(
      LIVE_CHANNEL,
      (payload) => this.dispatch(payload),
      () => {
        // After a dropped LISTEN connection came back, NOTIFYs in between are lost: every stream re-reads.
        if (this.listenedOnce) for (const set of this.subs.values()) for (const s of set) s.onResync();
        this.listenedOnce = true;
      },
    ).catch((e: unknown) => {
      this.listening = null;
      throw e;
    });
    return this.listening;
  }

  /** Draining starts before the shutdown hooks run: streams must end then, or they hold the drain. */
  private startSweeper() {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      if (isShuttingDown()) this.closeAll();
    }, 500);
    this.sweeper.unref?.();
  }
}

const g = globalThis as unknown as { __dargahLiveHub?: LiveHub };

/** The process's hub over the app's one postgres.js client. */
export function liveHub(client: {
  listen: (ch: string, fn: (p: string) => void, onlisten?: () => void) => Promise<{ unlisten: () => Promise<void> }>;
}): LiveHub {
  if (!g.__dargahLiveHub) {
    const hub = new LiveHub((ch, fn, on) => client.listen(ch, fn, on));
    g.__dargahLiveHub = hub;
    onShutdown('support live streams', () => hub.stop());
  }
  return g.__dargahLiveHub;
}

/** A message as the browser gets it (dates as ISO strings). */
export type WireMessage = Omit<TicketMessage, 'createdAt'> & { createdAt: string };
export const toWire = (m: TicketMessage): WireMessage => ({ ...m, createdAt: m.createdAt.toISOString() });

const enc = new TextEncoder();

/**
 * An open stream of one ticket for one reader (already checked: `mayReadTicket`), as a web
 * ReadableStream of SSE bytes: first the messages after the reader's cursor `after` (read once this
 * process LISTENs, so nothing stored in between is missed), then each one as it is announced.
 */
export function openLiveStream(
  db: Db,
  hub: LiveHub,
  actor: MerchantActor | StaffActor,
  ticketId: string,
  after: string | null,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const side: TicketSide = actor.kind === 'merchant' ? 'merchant' : 'staff';
  // Only a staff member who may write there marks it read (the auditor only looks), as the page does.
  const marksRead = actor.kind === 'merchant' || actor.roles.includes('support');
  // What `liveMessages` answers depends on no more than this: the business and the role's `payments`, or staff's right to read support.
  const view = actor.kind === 'merchant' ? `m:${actor.merchantId}:${can(actor, 'payments')}` : `s:${canStaff(actor, 'support', 'read')}`;
  const sent = new Set<string>();
  let cursor: string | null = after;
  let closed = false;
  let work: Promise<void> = Promise.resolve();
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const timers: ReturnType<typeof setTimeout>[] = [];

  const write = (s: string) => {
    if (closed) return;
    try {
      ctrl.enqueue(enc.encode(s));
    } catch {
      close();
    }
  };
  const event = (name: string, data: unknown, id?: string) => write(`${id ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  const send = async (ms: TicketMessage[]) => {
    let fromOther: string | null = null;
    for (const m of ms) {
      if (sent.has(m.id)) continue;
      sent.add(m.id);
      cursor = m.id;
      event('message', toWire(m), m.id);
      if (m.side !== side && !m.internal) fromOther = m.id;
    }
    if (fromOther && marksRead && !closed) {
      await markRead(db, ticketId, side, fromOther);
      await announce(db, { t: ticketId, k: 'read', s: side });
    }
  };
  // Notes are handled one after another, so messages go out in the order they were announced.
  const then = (f: () => Promise<void>) => {
    work = work.then(f).catch(() => close());
  };
  const beat = async () => {
    if (side === 'merchant')
      await db
        .update(supportTickets)
        .set({ merchantSeenAt: sql`now()` })
        .where(eq(supportTickets.id, ticketId));
    await announce(db, { t: ticketId, k: 'here', s: side });
  };
  const sub = {
    ticketId,
    reader: actor.userId,
    onNote: (n: LiveNote) => {
      if (closed) return;
      if (n.k === 'm') {
        then(async () => {
          // Re-read through the reader's own query (shared by readers with the same view): a staff note's id gives a merchant nothing.
          const ms = await hub.shared(`${n.id}:${view}`, () => liveMessages(db, actor, ticketId, { ids: [n.id] }));
          if (ms === null) return close();
          await send(ms);
        });
      } else if (n.s !== side) {
        if (n.k === 'here') {
          event('presence', { side: n.s, online: true });
          if (n.ask) then(() => announce(db, { t: ticketId, k: 'here', s: side }));
        } else if (n.k === 'gone') event('presence', { side: n.s, online: false });
        else event(n.k, { side: n.s });
      }
    },
    onResync: () =>
      then(async () => {
        const ms = await liveMessages(db, actor, ticketId, { afterId: cursor });
        if (ms === null) return close();
        await send(ms);
      }),
    close: () => close(),
  };
  function close() {
    if (closed) return;
    closed = true;
    for (const t of timers) clearTimeout(t);
    hub.remove(sub);
    void announce(db, { t: ticketId, k: 'gone', s: side }).catch(() => {});
    try {
      ctrl.close();
    } catch {
      // already closed by the client
    }
  }
  signal.addEventListener('abort', close, { once: true });
  return new ReadableStream<Uint8Array>({
    async start(c) {
      ctrl = c;
      // Reconnect after 3 s when the stream ends; a padding comment pushes the headers through any buffer.
      write(`retry: 3000\n: ${' '.repeat(2048)}\n\n`);
      if (closed) return;
      try {
        await hub.add(sub);
        const since = await liveMessages(db, actor, ticketId, { afterId: after });
        if (since === null) return close();
        await send(since);
        await beat();
        await announce(db, { t: ticketId, k: 'here', s: side, ask: true });
      } catch {
        return close();
      }
      // Closed while starting (the browser went away during the reads above): no timers, or they
      // would beat for a reader who is gone (stamping merchant_seen_at and 'here' forever).
      if (closed) return;
      const ping = setInterval(() => {
        write(': ping\n\n');
        then(beat);
      }, HEARTBEAT_MS);
      timers.push(ping as unknown as ReturnType<typeof setTimeout>);
      timers.push(setTimeout(close, MAX_STREAM_MS));
    },
    cancel() {
      close();
    },
  });
}
