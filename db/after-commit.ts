import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work that must wait for a transaction the caller does not own to commit.
 *
 * An API call with an Idempotency-Key runs its claim, the handler's writes and the stored answer in
 * one transaction (lib/api/http.ts `idempotent`), and the handler's lib code knows nothing of it: it
 * takes the transaction as its `db`, its own `db.transaction(…)` become savepoints, and whatever it
 * would do once its writes are committed — hand a job to the queue, call a bank — must wait for the
 * outer commit instead: a job sent earlier could run before the rows it names exist (or after they
 * were rolled back), and a bank called inside the transaction could move money that a rollback
 * then forgets (a retry would move it again).
 *
 * Inside such a scope `afterCommit(task)` keeps the task for the scope's owner, who runs the tasks
 * in order once committed and drops them on a rollback. Outside any scope it answers false and the
 * caller does the work at once, as before. The store lives on `globalThis` because the server script
 * and Next's bundles each load their own copy of this module (as lib/log's context does).
 */

export type CommitScope = {
  tasks: (() => Promise<void>)[];
  /** A later answer than the one computed inside the transaction (a bank's reply), set by a task. */
  answer?: unknown;
  /** Its HTTP status, when it is not the first answer's (a rail that refused after the commit). */
  status?: number;
};

const STORE = Symbol.for('dargah.commitScope');
const g = globalThis as unknown as { [STORE]?: AsyncLocalStorage<CommitScope> };
const store = (): AsyncLocalStorage<CommitScope> => (g[STORE] ??= new AsyncLocalStorage<CommitScope>());

/** Runs `fn` with a scope whose tasks wait for the caller's commit. */
export function withCommitScope<T>(scope: CommitScope, fn: () => Promise<T>): Promise<T> {
  return store().run(scope, fn);
}

/** True inside a scope: writes go to a transaction someone else commits. */
export function inCommitScope(): boolean {
  return store().getStore() !== undefined;
}

/** Keeps `task` until the scope's transaction commits; false (nothing kept) outside a scope. */
export function afterCommit(task: () => Promise<void>): boolean {
  const scope = store().getStore();
  if (!scope) return false;
  scope.tasks.push(task);
  return true;
}

/** Inside a task: the answer the caller gets (and keeps) instead of the one made inside the transaction. */
export function replaceAnswer(scope: CommitScope, body: unknown, status?: number): void {
  scope.answer = body;
  if (status !== undefined) scope.status = status;
}

/** The current scope, for a task that will replace the answer. */
export function currentCommitScope(): CommitScope | undefined {
  return store().getStore();
}
