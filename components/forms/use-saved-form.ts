'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { Result } from '@/lib/result';
import { useActionForm } from './use-action-form';

/**
 * A settings-style form that stays on its page: `saved` turns on when the server accepts, off
 * again on the next submit, and the page's server data is refreshed.
 */
export function useSavedForm<S extends z.ZodType<FieldValues, FieldValues>>(opts: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.input<S>) => Promise<Result<unknown>>;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useActionForm({
    schema: opts.schema,
    defaultValues: opts.defaultValues,
    action: (v: z.input<S>) => {
      setSaved(false);
      return opts.action(v);
    },
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  return { ...form, saved };
}
