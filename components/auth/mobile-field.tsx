'use client';

import { useTranslations } from 'next-intl';
import { forwardRef, type InputHTMLAttributes } from 'react';
import { Field } from '@/components/ui/field';

/** The mobile input as browsers and password managers expect it. */
export const MobileField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { name: string; error?: string }>(
  function MobileField(props, ref) {
    const t = useTranslations('fields');
    return (
      <Field
        ref={ref}
        label={t('mobile')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        dir="ltr"
        placeholder="09121234567"
        hint={t('mobileHint')}
        {...props}
      />
    );
  },
);
