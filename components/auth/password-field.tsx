'use client';

import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { Field } from '@/components/ui/field';

/** A password input as password managers expect it: `current-password` or `new-password`, left to right. */
export const PasswordField = forwardRef<
  HTMLInputElement,
  InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; error?: string; hint?: ReactNode; autoComplete: 'current-password' | 'new-password' }
>(function PasswordField(props, ref) {
  return <Field ref={ref} type="password" dir="ltr" {...props} />;
});
