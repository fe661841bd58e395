import 'server-only';
import { revalidatePath } from 'next/cache';

type OkOf<R> = Extract<R, { ok: true }>;

/**
 * One page refreshed after a success is `action()`'s own `revalidate` option; these are the other
 * tails: wait for the `lib` call, revalidate the pages it changed, answer what `lib` answered.
 * `revalidated` does so whatever the answer (a refusal may still have changed what the page
 * shows); `revalidatedIfOk` only after a success, for several pages or a path read from the data
 * (the platform a key belongs to).
 */
export async function revalidated<R>(result: Promise<R>, ...paths: string[]): Promise<R> {
  const r = await result;
  for (const path of paths) revalidatePath(path);
  return r;
}

export async function revalidatedIfOk<R extends { ok: boolean }>(result: Promise<R>, ...paths: (string | ((r: OkOf<R>) => string))[]): Promise<R> {
  const r = await result;
  if (r.ok) for (const path of paths) revalidatePath(typeof path === 'string' ? path : path(r as OkOf<R>));
  return r;
}
