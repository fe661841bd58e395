import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { createLogger } from './core.mjs';

export type { Logger } from 'pino';
export { maskCardNumbers } from './core.mjs';

/**
 * Structured logs (lib/log/core.mjs builds the logger): `logger()` is the logger for where it is
 * called from — inside a web request it carries the request's `requestId` (the `x-request-id` that
 * scripts/next-server.mjs accepted or made, and sent back to the client), inside a job its `jobId`
 * and queue (worker/index.ts). Both come from one AsyncLocalStorage kept on `globalThis`, because the
 * server script and Next's bundles each load their own copy of this module.
 */
export type LogContext = { requestId?: string; jobId?: string; queue?: string };

const STORE = Symbol.for('dargah.logContext');
const ROOT = Symbol.for('dargah.rootLogger');
const g = globalThis as unknown as { [STORE]?: AsyncLocalStorage<LogContext>; [ROOT]?: Logger };

/** The store the server and the worker run each request and job in. */
export function logContextStore(): AsyncLocalStorage<LogContext> {
  return (g[STORE] ??= new AsyncLocalStorage<LogContext>());
}

/** What the current request or job is, if any. */
export function logContext(): LogContext | undefined {
  return logContextStore().getStore();
}

/** The current request's id (for outgoing calls to send on), or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return logContext()?.requestId;
}

/** Runs `fn` with `ctx` bound to every logger() call inside it (a job, a request in tests). */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return logContextStore().run({ ...logContext(), ...ctx }, fn);
}

function root(): Logger {
  return (g[ROOT] ??= createLogger());
}

/** Replaces the process's logger (tests capture lines with it); null goes back to stdout. */
export function setLoggerForTests(l: Logger | null): void {
  if (l) g[ROOT] = l;
  else delete g[ROOT];
}

/** The logger, with the current request's or job's ids bound, and `bindings` (e.g. `{ module: 'sms' }`). */
export function logger(bindings?: Record<string, unknown>): Logger {
  const ctx = logContext();
  const base = root();
  if (!ctx && !bindings) return base;
  return base.child({ ...ctx, ...bindings });
}
