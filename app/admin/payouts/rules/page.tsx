import { getTranslations } from 'next-intl/server';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { MoneyBackRulesForm } from '@/components/payouts-admin/money-back-rules-form';
import { RulesForm } from '@/components/payouts-admin/rules-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { currentMoneyBackRules, currentPayoutRules } from '@/lib/payouts';
import { setMoneyBackRulesAction, setPayoutRulesAction } from '../actions';
import { PayoutsHeader } from '../_components/header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayouts', 'rulesTitle');

export default async function PayoutRulesPage() {
  const { actor } = await requireStaffActor('payouts');
  const write = canStaff(actor, 'payouts', 'write');
  const t = await getTranslations('adminPayouts');
  const tr = await getTranslations('refunds.rules');
  const [rules, moneyBack] = await Promise.all([currentPayoutRules(getDb()), currentMoneyBackRules(getDb())]);
  return (
    <div className="flex flex-col gap-6">
      <PayoutsHeader current="/admin/payouts/rules" title={t('rulesTitle')} intro={t('rulesIntro')} />
      <Card>
        <StaffWrite may={write} readOnly>
          <RulesForm
            action={setPayoutRulesAction}
            current={{ min: String(rules.min), max: String(rules.max), dailyCap: String(rules.dailyCap), fee: String(rules.fee) }}
          />
        </StaffWrite>
      </Card>
      <Card title={tr('title')}>
        <StaffWrite may={write} readOnly>
          <MoneyBackRulesForm
            action={setMoneyBackRulesAction}
            current={{ refundReturnsFee: moneyBack.refundReturnsFee, disputeFee: String(moneyBack.disputeFee) }}
          />
        </StaffWrite>
      </Card>
    </div>
  );
}
