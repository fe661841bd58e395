import { onShutdown } from '@/lib/lifecycle/index.mjs';
import type { Db } from '@/db';
import { apiRequestLog } from '@/db/schema';

/**
 * The /api/v1 request log, written off the request path (issue 22): each call's line is queued
 * with the time it was answered, and the queue is written as one multi-row INSERT every
 * FLUSH_MS or every BATCH lines, whichever comes first. A clean stop writes what is queued:
 * scripts/next-server.mjs runs the process's shutdown hooks (`onShutdown`) after the server has
 * stopped taking requests and before it exits. Only a crash can lose the last FLUSH_MS of lines.
 */
export type RequestLine = typeof apiRequestLog.$inferInsert & { at: Date };

const FLUSH_MS = 200;
const BATCH = 500;
/** If the database cannot take the log for long, the oldest lines are dropped rather than memory grown. */
const MAX_QUEUED = 50_000;

type State = { queue: RequestLine[]; db: Db | null; timer: NodeJS.Timeout | null; writing: Promise<void> };
// On globalThis: Next may load this module more than once in one process (one copy per bundle),
// and there must be one queue and one shutdown hook.
const g = globalThis as unknown as { __dargahRequestLog?: State };

function state(): State {
  if (!g.__dargahRequestLog) {
    g.__dargahRequestLog = { queue: [], db: null, timer: null, writing: Promise.resolve() };
    // scripts/next-server.mjs runs the shutdown hooks once the HTTP server has drained (lib/lifecycle).
    onShutdown('api request log', flushRequestLog);
  }
  return g.__dargahRequestLog;
}

export function logRequest(db: Db, line: RequestLine) {
  const s = state();
  s.db = db;
  if (s.queue.length >= MAX_QUEUED) s.queue.shift();
  s.queue.push(line);
  if (s.queue.length >= BATCH) void flushRequestLog();
  else s.timer ??= setTimeout(() => void flushRequestLog(), FLUSH_MS);
}

/** Writes every queued line (in order, one batch at a time); resolves once they are in the database. */
export function flushRequestLog(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  s.writing = s.writing.then(async () => {
    while (s.queue.length && s.db) {
      const batch = s.queue.splice(0, BATCH);
      try {
        await s.db.insert(apiRequestLog).values(batch);
      } catch (e) {
        console.error('[api] request log', e);
      }
    }
  });
  return s.writing;
}
