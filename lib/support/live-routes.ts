import 'server-only';
import { connection, NextResponse } from 'next/server';
import { getClient, getDb } from '@/db';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { getCurrentUser, routeActorOf } from '@/lib/auth/session';
import { refuseForeignOrigin } from '@/lib/http/upload';
import { isShuttingDown } from '@/lib/lifecycle/index.mjs';
import { canStaff } from '@/lib/staff/permissions';
import { announce } from './live-notify';
import { liveHub, openLiveStream, toWire } from './live';
import { liveMessages, mayReadTicket } from './queries';

/**
 * The route handlers of live conversations, shared by the portal's paths (`/support/[id]/…`) and
 * staff's (`/admin/support/[id]/…`): the SSE stream, the polling fallback and the typing ping.
 * Each re-checks the session, that the path is the person's side (a merchant on a staff path, or
 * the reverse, gets 404), the role, and the ticket through the Actor: another business's ticket is
 * a 404 and nothing else.
 */
type Who = 'merchant' | 'staff';
const fail = (status: number, code: string) => NextResponse.json({ error: { code, message: code } }, { status, headers: { 'cache-control': 'no-store' } });

async function liveActor(who: Who): Promise<{ actor: MerchantActor | StaffActor } | { refused: Response }> {
  await connection();
  const user = await getCurrentUser();
  if (!user) return { refused: fail(401, 'unauthenticated') };
  if ((who === 'staff') !== (user.role === 'admin')) return { refused: fail(404, 'notFound') };
  const actor = await routeActorOf(user, { need: 'payments', area: 'support' });
  if (!actor) return { refused: fail(404, 'notFound') };
  return { actor };
}

/** GET …/live: the ticket's messages after `Last-Event-ID` (or `?after=`), then live, with typing and presence. */
export async function supportLiveStream(req: Request, ticketId: string, who: Who): Promise<Response> {
  const a = await liveActor(who);
  if ('refused' in a) return a.refused;
  const db = getDb();
  if (!(await mayReadTicket(db, a.actor, ticketId))) return fail(404, 'notFound');
  // While draining, or at the cap, the page polls and retries (possibly on another instance).
  if (isShuttingDown()) return fail(503, 'shuttingDown');
  const hub = liveHub(getClient());
  if (hub.full(a.actor.userId)) return fail(503, 'liveBusy');
  const after = req.headers.get('last-event-id') || new URL(req.url).searchParams.get('after') || null;
  return new Response(openLiveStream(db, hub, a.actor, ticketId, after, req.signal), {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // `no-transform`: Next's gzip (the `compression` module) leaves the response alone and flushes each event.
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    },
  });
}

/** GET …/messages?after=<id>: the polling fallback, the same messages the stream gives. */
export async function supportLivePoll(req: Request, ticketId: string, who: Who): Promise<Response> {
  const a = await liveActor(who);
  if ('refused' in a) return a.refused;
  const after = new URL(req.url).searchParams.get('after') || null;
  const ms = await liveMessages(getDb(), a.actor, ticketId, { afterId: after });
  if (!ms) return fail(404, 'notFound');
  return NextResponse.json({ messages: ms.map(toWire) }, { headers: { 'cache-control': 'no-store' } });
}

/** A person's typing pings: at most one per TYPING_EVERY_MS per ticket and process (the page sends one per 3 s). */
export const TYPING_EVERY_MS = 3000;
const lastTyping = new Map<string, number>();

/** POST …/live: "I am typing", told to the other side's open streams (nothing stored). */
export async function supportTyping(req: Request, ticketId: string, who: Who): Promise<Response> {
  const foreign = refuseForeignOrigin(req);
  if (foreign) return fail(foreign.status, foreign.code);
  const a = await liveActor(who);
  if ('refused' in a) return a.refused;
  // Only staff who may write there type (the auditor only reads).
  if (a.actor.kind === 'staff' && !canStaff(a.actor, 'support', 'write')) return fail(403, 'staffRoleRequired');
  const db = getDb();
  if (!(await mayReadTicket(db, a.actor, ticketId))) return fail(404, 'notFound');
  const key = `${a.actor.userId}:${ticketId}`;
  const now = Date.now();
  if (now - (lastTyping.get(key) ?? 0) < TYPING_EVERY_MS) return fail(429, 'tooManyRequests');
  lastTyping.set(key, now);
  if (lastTyping.size > 10_000) for (const [k, at] of lastTyping) if (now - at > TYPING_EVERY_MS) lastTyping.delete(k);
  await announce(db, { t: ticketId, k: 'typing', s: a.actor.kind === 'merchant' ? 'merchant' : 'staff' });
  return new Response(null, { status: 204 });
}
