import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { formatDate, localDigits } from '@/lib/date/format';
import { requireUser } from '@/lib/auth/session';
import { getDb } from '@/db';
import { twoFactorOverview } from '@/lib/auth/two-factor';
import { TwoFactorManage } from '@/components/two-factor/manage';
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from '@/app/(auth)/login/two-factor/actions';
import type { Locale } from '@/lib/i18n/config';
import { ChangePasswordForm } from './_components/change-password-form';
import { SignOutOthers } from './_components/sign-out-others';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('profile', 'title');

export default async function ProfilePage() {
  const user = await requireUser();
  const t = await getTranslations('profile');
  const tf = await getTranslations('twoFactor');
  const twoFactor = await twoFactorOverview(getDb(), user);
  const locale = (await getLocale()) as Locale;
  const rows = [
    [t('name'), `${user.firstName} ${user.lastName}`],
    [
      t('mobile'),
      <bdi key="m" dir="ltr">
        {localDigits(user.mobile, locale)}
      </bdi>,
    ],
    [t('memberSince'), formatDate(user.createdAt, locale)],
    [t('passwordChanged'), formatDate(user.passwordChangedAt, locale, { time: true })],
  ] as const;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('title')}</h1>
      <Card title={t('details')}>
        <dl className="grid gap-4 sm:grid-cols-2">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs text-muted">{k}</dt>
              <dd className="mt-0.5 font-medium">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t('changePassword')}>
        <ChangePasswordForm mobile={user.mobile} />
      </Card>
      <Card title={tf('sectionTitle')}>
        <TwoFactorManage {...twoFactor} back="/profile" regenerate={regenerateRecoveryCodesAction} disable={disableTwoFactorAction} />
      </Card>
      <Card title={t('sessions')}>
        <SignOutOthers />
      </Card>
    </div>
  );
}
