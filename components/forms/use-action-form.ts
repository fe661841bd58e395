'use client';

import type { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRef, useState, type BaseSyntheticEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import './zod-config';

type Resolver = ReturnType<typeof zodResolver>;
/** zod's resolver, loaded when a form is first checked (./zod-resolver.ts): zod is no page's first-load script. */
let resolverModule: Promise<typeof import('./zod-resolver')> | null = null;
const loadResolver = () => (resolverModule ??= import('./zod-resolver'));

/**
 * react-hook-form with the same zod schema the server action uses. The action gets the values as
 * typed (the schema's input), once they pass the schema here, and parses them itself, so schemas
 * that transform (amounts to bigint, percent to basis points) work the same on both sides. Server
 * field errors go back onto their fields, a form-level error into `formError`; messages are
 * catalogue keys.
 *
 * A form with several buttons that do different things (approve or reject, pay or cancel, save a
 * draft or submit) names each one an intent: `submit('reject', { decision: 'reject' })` sets those
 * values first, so the schema sees them, and hands the intent to `action` and `onSuccess`;
 * `intent` says which one is under way, for that button's spinner. `onSuccess` may return a
 * promise: the form stays pending until it settles (`navigateAway` never settles, so the button
 * spins until the browser has left).
 *
 * `schemaFor` checks an intent with a stricter schema than `schema` (a draft saves whatever is
 * valid; submitting needs everything): every problem the intent has shows at once, before sending.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T = undefined, I extends string = string>(opts: {
  /**
   * The form's schema, or a function loading it: a page that must paint fast (the payer's) imports
   * its schema module only when the form is first checked, so zod is not in its first bundle.
   */
  schema: S | (() => Promise<S>);
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.input<S>, intent: I | undefined) => Promise<ActionResult<T>>;
  onSuccess?: (data: T | undefined, values: z.input<S>, intent: I | undefined) => unknown;
  /** The form-level message when the server refused fields only (long forms: "see the messages by the fields"). */
  fieldErrorsSummary?: string;
  /** The schema an intent is checked with before sending, when not `schema`. */
  schemaFor?: (intent: I | undefined) => z.ZodType | undefined;
  /** When a field with an error is checked again; on every change unless said otherwise. */
  reValidateMode?: 'onChange' | 'onBlur' | 'onSubmit';
}) {
  const t = useTranslations('errors');
  const [formError, setFormError] = useState<string | null>(null);
  const [params, setParams] = useState<Record<string, number | string>>({});
  const [intent, setIntent] = useState<I | null>(null);
  /** The intent being checked: the resolver picks its schema (and keeps it for re-checks after that submit). */
  const checking = useRef<I | undefined>(undefined);
  const resolvers = useRef(new Map<z.ZodType, Resolver>());
  const schemaFor = opts.schemaFor;
  /** A loaded schema is loaded once per form. */
  const loaded = useRef<Promise<S> | null>(null);
  const schemaOf = async (): Promise<z.ZodType> => {
    const chosen = schemaFor?.(checking.current);
    if (chosen) return chosen;
    const s = opts.schema;
    if (typeof s !== 'function') return s;
    return (loaded.current ??= s());
  };
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: (async (values: unknown, context: unknown, options: unknown) => {
      const [{ zodResolver: make }, schema] = await Promise.all([loadResolver(), schemaOf()]);
      let r = resolvers.current.get(schema);
      if (!r) resolvers.current.set(schema, (r = make(schema as never) as unknown as Resolver));
      return r(values as never, context, options as never);
    }) as never,
    defaultValues: opts.defaultValues,
    mode: 'onSubmit',
    reValidateMode: opts.reValidateMode ?? 'onChange',
  });

  const run = (which: I | undefined) => (e?: BaseSyntheticEvent) => {
    // Set when the form is submitted (an event), never during render: the lint cannot tell, as `run(undefined)` is made in render.
    // eslint-disable-next-line react-hooks/refs
    checking.current = which;
    return form.handleSubmit(
      async () => {
        setFormError(null);
        const values = form.getValues();
        let result: ActionResult<T>;
        try {
          result = await opts.action(values, which);
        } catch (err) {
          // Redirects from the action arrive as navigation, not as a thrown error; anything else is
          // a network or server failure.
          if (err && typeof err === 'object' && 'digest' in err && String((err as { digest: unknown }).digest).startsWith('NEXT_REDIRECT')) throw err;
          setFormError('network');
          return;
        }
        if (!result) return;
        if (result.ok) {
          await opts.onSuccess?.(result.data, values, which);
          return;
        }
        setParams(result.params ?? {});
        let formLevel = result.error ?? null;
        for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
          if (field === 'form') formLevel ??= message;
          else form.setError(field as Path<z.input<S>>, { type: 'server', message }, { shouldFocus: true });
        }
        setFormError(formLevel ?? (result.fieldErrors && opts.fieldErrorsSummary) ?? null);
      },
      // Refused before sending: the fields say why; a long form also says so where the buttons are.
      () => setFormError(opts.fieldErrorsSummary ?? null),
    )(e);
  };

  const onSubmit = run(undefined);

  /** Submits as one of the form's intents, with the values that intent implies set first. */
  const submit =
    (which: I, set?: Partial<z.input<S>>) =>
    async (e?: BaseSyntheticEvent): Promise<void> => {
      for (const [name, value] of Object.entries(set ?? {})) form.setValue(name as Path<z.input<S>>, value as PathValue<z.input<S>, Path<z.input<S>>>);
      setIntent(which);
      try {
        await run(which)(e);
      } finally {
        setIntent(null);
      }
    };

  /** Translates a message key, with the numbers the server sent (seconds left, tries left). */
  const message = (key: string | undefined | null) => {
    if (!key) return undefined;
    return t.has(key) ? t(key, localizeParams(params)) : t('unknown');
  };

  const pending = form.formState.isSubmitting;
  return { form, onSubmit, submit, intent: pending ? intent : null, formError: message(formError), formErrorKey: formError, message, pending };
}

/** Sends the browser to another page; never settles, so a form awaiting it stays pending until the page goes. */
export function navigateAway(url: string): Promise<never> {
  window.location.assign(url);
  return new Promise<never>(() => {});
}

function localizeParams(p: Record<string, number | string>) {
  const out: Record<string, number | string> = { ...p };
  if (typeof p.retryAfterSeconds === 'number') {
    out.minutes = Math.ceil(p.retryAfterSeconds / 60);
    out.seconds = p.retryAfterSeconds;
  }
  return out;
}
