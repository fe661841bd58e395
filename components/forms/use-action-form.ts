'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRef, useState, type BaseSyntheticEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';

// Our Content-Security-Policy forbids eval (scripts/edge.mjs), so zod's compiled object parsers can
// never run in the browser; and zod's probe for them (`new Function('')`) is itself a CSP violation
// Chrome reports as an issue on every page with a form (Lighthouse best practices: 96). Never probe.
z.config({ jitless: true });

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
  schema: S;
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
  const resolvers = useRef(new Map<z.ZodType, ReturnType<typeof zodResolver>>());
  const resolverOf = (schema: z.ZodType) => {
    let r = resolvers.current.get(schema);
    if (!r) resolvers.current.set(schema, (r = zodResolver(schema as never) as unknown as ReturnType<typeof zodResolver>));
    return r;
  };
  const schemaFor = opts.schemaFor;
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: ((values: unknown, context: unknown, options: unknown) =>
      resolverOf(schemaFor?.(checking.current) ?? opts.schema)(values as never, context, options as never)) as never,
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
