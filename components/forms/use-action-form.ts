'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';

/**
 * react-hook-form with the same zod schema the server action uses. The action gets the values as
 * typed (the schema's input), once they pass the schema here, and parses them itself, so schemas
 * that transform (amounts to bigint, percent to basis points) work the same on both sides. Server
 * field errors go back onto their fields, a form-level error into `formError`; messages are
 * catalogue keys.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T = undefined>(opts: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.input<S>) => Promise<ActionResult<T>>;
  onSuccess?: (data: T | undefined, values: z.input<S>) => void;
}) {
  const t = useTranslations('errors');
  const [formError, setFormError] = useState<string | null>(null);
  const [params, setParams] = useState<Record<string, number | string>>({});
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(opts.schema as never) as never,
    defaultValues: opts.defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });

  const onSubmit = form.handleSubmit(async () => {
    setFormError(null);
    const values = form.getValues();
    let result: ActionResult<T>;
    try {
      result = await opts.action(values);
    } catch (err) {
      // Redirects from the action arrive as navigation, not as a thrown error; anything else is
      // a network or server failure.
      if (err && typeof err === 'object' && 'digest' in err && String((err as { digest: unknown }).digest).startsWith('NEXT_REDIRECT')) throw err;
      setFormError('network');
      return;
    }
    if (!result) return;
    if (result.ok) {
      opts.onSuccess?.(result.data, values);
      return;
    }
    setParams(result.params ?? {});
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === 'form') setFormError(message);
      else form.setError(field as Path<z.input<S>>, { type: 'server', message }, { shouldFocus: true });
    }
    if (result.error) setFormError(result.error);
  });

  /** Translates a message key, with the numbers the server sent (seconds left, tries left). */
  const message = (key: string | undefined | null) => {
    if (!key) return undefined;
    return t.has(key) ? t(key, localizeParams(params)) : t('unknown');
  };

  return { form, onSubmit, formError: message(formError), message, pending: form.formState.isSubmitting };
}

function localizeParams(p: Record<string, number | string>) {
  const out: Record<string, number | string> = { ...p };
  if (typeof p.retryAfterSeconds === 'number') {
    out.minutes = Math.ceil(p.retryAfterSeconds / 60);
    out.seconds = p.retryAfterSeconds;
  }
  return out;
}
