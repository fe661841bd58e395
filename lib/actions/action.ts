import 'server-only';
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { getDb, type Db } from '@/db';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { clientIp } from '@/lib/auth/request';
import { requireFreshTwoFactor } from '@/lib/auth/two-factor';
import { currentMerchantActor, requireMerchant, requireUser, requireAdmin } from '@/lib/auth/session';
import { can, PERMISSIONS, type Permission } from '@/lib/teams/permissions';
import { getKycProfile, isKycApproved } from '@/lib/kyc';
import { actorWithRoles } from '@/lib/staff';
import { canStaff, type StaffArea } from '@/lib/staff/permissions';
import { err, type FieldErrors, type Result } from '@/lib/result';
import { logger } from '@/lib/log';

/**
 * The one edge of every server action, as `apiRoute()` is of every route handler:
 *
 *   export const saveThing = action({ who: 'merchant', schema: saveThingSchema }, (actor, input, { db }) => saveThing(db, actor, input));
 *
 * It re-checks the session and role (`who`), parses the input with the one zod schema the form
 * uses (zod issues become field errors here, once), hands `lib` the `Actor` and answers the
 * `Result` that `lib` returned. Built on next-safe-action: its middleware makes the actor, its
 * validation runs the schema, it re-throws Next's redirect/notFound/forbidden and turns any other
 * throw into a logged `unknown` error; this file only keeps the wire shape our `Result`, so `lib`,
 * actions and forms speak one shape.
 *
 * who: `public` (payers; no session), `user` (anyone signed in), `merchant`, `merchant-kyc` (a
 * merchant whose customer information is approved: services need it), `staff`. `need`: the
 * permission (lib/teams/permissions.ts) a member's role must have for a merchant action.
 *
 * `stepUp`: a sensitive action (withdraw, a new bank account, a live key, a staff approval) asks for
 * a fresh authenticator code: a person with 2FA whose last code is older than 15 minutes gets
 * `twoFactorStale` and nothing happens; the form answers it with the code prompt
 * (components/two-factor/step-up) and submits again. `true` for every call, or a function of the
 * parsed input (and the actor and db) for an action only some of whose calls are sensitive (an
 * approval, not a rejection; a live key, not a sandbox one). Checked after the role and the
 * input, before `fn`.
 */
export type Who = 'public' | 'user' | 'merchant' | 'merchant-kyc' | 'staff';
type ActorFor<W extends Who> = W extends 'public' ? null : W extends 'user' ? MerchantActor | StaffActor : W extends 'staff' ? StaffActor : MerchantActor;
export type ActionCtx = { db: Db; ip: string };

const KYC_REQUIRED = 'kycRequired';
/** A member whose role lacks the action's `need` (or who belongs to no business): the form says so, nothing happens. */
const FORBIDDEN = 'roleForbidden';
const STAFF_ROLE_REQUIRED = 'staffRoleRequired';

const client = createSafeActionClient({
  defineMetadataSchema: () =>
    z.object({
      who: z.enum(['public', 'user', 'merchant', 'merchant-kyc', 'staff']),
      need: z.enum(PERMISSIONS).optional(),
      area: z.string().optional() as z.ZodType<StaffArea | undefined>,
      read: z.boolean().optional(),
    }),
  // The whole tree: a flattened shape keeps only top-level fields and drops `identity.firstName`.
  defaultValidationErrorsShape: 'formatted',
  handleServerError(e) {
    if (e.message === KYC_REQUIRED) return KYC_REQUIRED;
    if (e.message === FORBIDDEN || e.message.startsWith('forbidden:')) return FORBIDDEN;
    if (e.message === STAFF_ROLE_REQUIRED || e.name === 'StaffRoleError') return STAFF_ROLE_REQUIRED;
    logger({ module: 'action' }).error({ err: e }, 'server action failed');
    return 'unknown';
  },
}).use(async ({ next, metadata }) => {
  const db = getDb();
  const h = await requestHeaders();
  const ip = clientIp(h);
  const via = { ip, userAgent: h.get('user-agent') ?? '' };
  let actor: MerchantActor | StaffActor | null = null;
  if (metadata.who === 'staff') {
    actor = await actorWithRoles(db, await requireAdmin(), via);
    // A staff action changes something in its area: only a role that may write there passes (never the auditor).
    if (!metadata.area || !canStaff(actor, metadata.area, metadata.read ? 'read' : 'write')) throw new Error(STAFF_ROLE_REQUIRED);
  } else if (metadata.who === 'user') {
    const user = await requireUser();
    actor = user.role === 'admin' ? await actorWithRoles(db, user, via) : await memberActor(user, via, metadata.need);
  } else if (metadata.who === 'merchant' || metadata.who === 'merchant-kyc') {
    const member = await memberActor(await requireMerchant(), via, metadata.need);
    if (metadata.who === 'merchant-kyc' && !isKycApproved(await getKycProfile(db, member.merchantId))) throw new Error(KYC_REQUIRED);
    actor = member;
  }
  return next({ ctx: { actor, db, ip } });
});

/** The merchant path: the member's role for the business they chose, re-read now; refused without a membership or without `need`. */
async function memberActor(user: { id: string; role: string }, via: { ip: string; userAgent: string }, need: Permission | undefined): Promise<MerchantActor> {
  const actor = await currentMerchantActor(user as never, via);
  if (!actor || (need && !can(actor, need))) throw new Error(FORBIDDEN);
  return actor;
}

/** The request's headers; outside a request (a test calling an action directly) none, so no address is known. */
async function requestHeaders(): Promise<Headers> {
  try {
    return new Headers(await headers());
  } catch {
    return new Headers();
  }
}

/** next-safe-action's formatted validation errors: `_errors` at each level of the input's shape. */
type Formatted = { _errors?: string[] } & { [key: string]: Formatted | string[] | undefined };

/**
 * Every field's first message, keyed by its whole path (`amount`, `identity.firstName`,
 * `items.0.amount`), as react-hook-form names fields; messages about the input as a whole go to
 * `form` when no field has one.
 */
export function fieldErrorsOfFormatted(tree: Formatted | undefined): FieldErrors {
  const out: FieldErrors = {};
  const walk = (node: Formatted, path: string) => {
    for (const [key, child] of Object.entries(node)) {
      if (key === '_errors' || !child || Array.isArray(child)) continue;
      const at = path ? `${path}.${key}` : key;
      const first = child._errors?.[0];
      if (first && !(at in out)) out[at] = first;
      walk(child, at);
    }
  };
  if (tree) walk(tree, '');
  const form = tree?._errors?.[0];
  if (form && !Object.keys(out).length) out.form = form;
  return out;
}

/** next-safe-action's answer in our one shape. */
function toResult<T>(r: { data?: Result<T>; validationErrors?: Formatted; serverError?: string } | undefined): Result<T> {
  if (r?.data) return r.data;
  if (r?.validationErrors) return { ok: false, fieldErrors: fieldErrorsOfFormatted(r.validationErrors) };
  return err(r?.serverError ?? 'unknown');
}

/** Plain `<form action>` posts (buttons that work before scripts load) arrive as FormData; a name sent twice (checkboxes) becomes an array. */
function plain(input: unknown): unknown {
  if (!(input instanceof FormData)) return input;
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [k, v] of input.entries()) {
    if (k.startsWith('$ACTION')) continue;
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/**
 * `revalidate`: the page (a path, or one made from the input) whose server data the action
 * changed, refreshed once the action succeeded.
 */
/**
 * A staff action names its `area` (lib/staff/permissions.ts): the wrapper refuses a staff member
 * without a role that may change things there (`read: true` for an action that only looks, like a
 * preview). Other kinds have none.
 */
type StaffOpts<W extends Who> = W extends 'staff' ? { area: StaffArea; read?: boolean } : { area?: never; read?: never };

/** Whether this call of a sensitive action asks for a fresh code (see `stepUp` above). */
export type StepUp<W extends Who, S extends z.ZodType> = boolean | ((input: z.output<S>, actor: ActorFor<W>, ctx: ActionCtx) => boolean | Promise<boolean>);

export function action<W extends Who, S extends z.ZodType, T = undefined>(
  opts: {
    who: W;
    schema: S;
    need?: Permission;
    revalidate?: string | ((input: z.output<S>) => string);
    stepUp?: StepUp<W, S>;
  } & StaffOpts<W>,
  fn: (actor: ActorFor<W>, input: z.output<S>, ctx: ActionCtx) => Promise<Result<T>>,
): (input: z.input<S> | FormData) => Promise<Result<T>> {
  const safe = client
    .metadata({ who: opts.who, need: opts.need, area: opts.area, read: opts.read })
    .inputSchema(opts.schema)
    .action(async ({ parsedInput, ctx }) => {
      const input = parsedInput as z.output<S>;
      const actor = ctx.actor as ActorFor<W>;
      const actx = { db: ctx.db, ip: ctx.ip };
      if (opts.stepUp && ctx.actor) {
        const sensitive = typeof opts.stepUp === 'function' ? await opts.stepUp(input, actor, actx) : true;
        if (sensitive) {
          const fresh = await requireFreshTwoFactor(ctx.db, ctx.actor);
          if (!fresh.ok) return fresh as Result<T>;
        }
      }
      const r = await fn(actor, input, actx);
      if (r.ok && opts.revalidate) revalidatePath(typeof opts.revalidate === 'string' ? opts.revalidate : opts.revalidate(input));
      return r;
    });
  return async (input) => toResult<T>((await safe(plain(input) as never)) as never);
}
