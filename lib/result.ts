import type { z } from 'zod';

/**
 * The one answer shape of `lib` functions that can refuse, of server actions and of what forms
 * read: ok with a value, or an error code (a key under `errors.*`) and field errors (field →
 * key), with numbers for the message (seconds left, tries left). An action returns what `lib`
 * returned, unmapped.
 */
export type FieldErrors = Record<string, string>;
export type Params = Record<string, number | string>;
export type Ok<T> = { ok: true; data: T };
export type Err<E extends string = string> = { ok: false; error?: E; fieldErrors?: FieldErrors; params?: Params };
export type Result<T = undefined, E extends string = string> = Ok<T> | Err<E>;

export function ok(): Ok<undefined>;
export function ok<T>(data: T): Ok<T>;
export function ok<T>(data?: T): Ok<T | undefined> {
  return { ok: true, data };
}

export function err<E extends string>(error: E, params?: Params): Err<E> {
  return params ? { ok: false, error, params } : { ok: false, error };
}

/** Field errors, e.g. from a rule the schema could not see (a taken handle). */
export function fieldErr(fieldErrors: FieldErrors, params?: Params): Err<never> {
  return params ? { ok: false, fieldErrors, params } : { ok: false, fieldErrors };
}

/** First message per top-level field, as the forms show one message under each field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** The zod refusal as a Result. */
export function invalid(error: z.ZodError): Err<never> {
  return { ok: false, fieldErrors: fieldErrorsOf(error) };
}

/** The result without its data: what an action tells the browser when the page refreshes anyway. */
export function withoutData<T, E extends string>(r: Result<T, E>): Result<undefined, E> {
  return r.ok ? ok() : r;
}
