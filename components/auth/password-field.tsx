'use client';

import { useTranslations } from 'next-intl';
import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { Field } from '@/components/ui/field';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'autoComplete'> & { name: string; label: string; error?: string; hint?: ReactNode };

/** A password input as password managers expect it: `current-password` or `new-password`, left to right. */
export const PasswordField = forwardRef<HTMLInputElement, Props & { autoComplete: 'current-password' | 'new-password' }>(function PasswordField(props, ref) {
  return <Field ref={ref} type="password" dir="ltr" {...props} />;
});

/** The password being chosen (sign-up, reset, change): `new-password`, with the rules as its hint. */
export const NewPasswordField = forwardRef<HTMLInputElement, Props>(function NewPasswordField(props, ref) {
  const f = useTranslations('fields');
  return <PasswordField ref={ref} autoComplete="new-password" hint={f('passwordHint')} {...props} />;
});
