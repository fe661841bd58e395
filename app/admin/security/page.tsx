import { getTranslations } from 'next-intl/server';
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from '@/app/(auth)/login/two-factor/actions';
import { TwoFactorManage } from '@/components/two-factor/manage';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { twoFactorOverview } from '@/lib/auth/two-factor';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('twoFactor', 'adminTitle');

/** A staff member's own security: two-factor sign-in (required for staff: on, with its recovery codes). */
export default async function AdminSecurityPage() {
  const { user } = await requireStaffActor('account');
  const t = await getTranslations('twoFactor');
  const twoFactor = await twoFactorOverview(getDb(), user);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">{t('adminTitle')}</h1>
      <Card title={t('sectionTitle')}>
        <TwoFactorManage {...twoFactor} back="/admin/security" regenerate={regenerateRecoveryCodesAction} disable={disableTwoFactorAction} />
      </Card>
    </div>
  );
}
