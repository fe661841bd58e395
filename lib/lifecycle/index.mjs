/**
 * The process's shutdown, shared by scripts/next-server.mjs and anything in lib that must finish
 * its work before the process exits (a batch not yet written, a buffer not yet flushed).
 *
 * On SIGTERM the server marks the process as shutting down (readiness answers 503 from then on, so
 * the load balancer stops sending), stops accepting connections, lets requests in flight finish,
 * runs every hook registered with `onShutdown(fn)` (in registration order, each awaited, each with
 * the time left), and exits. Kept on `globalThis`: the server script and Next's bundles each load
 * their own copy of this module, and they must see one state.
 */
const KEY = Symbol.for('dargah.lifecycle');

function state() {
  return (globalThis[KEY] ??= { shuttingDown: false, hooks: [] });
}

/** Whether this process has begun shutting down (readiness is false from then on). */
export function isShuttingDown() {
  return state().shuttingDown;
}

/** Marks the process as shutting down; answers false when it already was. */
export function markShuttingDown() {
  const s = state();
  if (s.shuttingDown) return false;
  s.shuttingDown = true;
  return true;
}

/** Registers work to finish before the process exits; returns a function that unregisters it. */
export function onShutdown(name, fn) {
  const hook = { name, fn };
  state().hooks.push(hook);
  return () => {
    const hooks = state().hooks;
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/**
 * Runs the registered hooks one after another within `timeoutMs` in all; a hook that throws or
 * overruns is reported (through `report(name, error)`) and the rest still run.
 */
export async function runShutdownHooks(timeoutMs = 5000, report = () => {}) {
  const deadline = Date.now() + timeoutMs;
  for (const { name, fn } of [...state().hooks]) {
    const left = deadline - Date.now();
    if (left <= 0) {
      report(name, new Error('no time left'));
      continue;
    }
    let timer;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${left} ms`)), left))),
      ]);
    } catch (err) {
      report(name, err);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Tests only: back to a fresh process's state. */
export function resetLifecycleForTests() {
  globalThis[KEY] = { shuttingDown: false, hooks: [] };
}
