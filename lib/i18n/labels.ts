import { useTranslations } from 'next-intl';

/**
 * Codes as the reader reads them: services (`charge`), gateways (`sandbox`), states, sources and
 * kinds, from the `labels` namespace of the catalogue, in Persian, English and Turkish alike. A
 * screen never shows a code; `labels.test.ts` checks that every value of the database's enums
 * has its words in all three languages.
 *
 *   const label = await getLabels();          // server components (labels-server.ts)
 *   const label = useLabels();                // client components
 *   label('services', s.serviceId)            // → 'درگاه شارژ' / 'Charge gateway' / 'TL yükleme geçidi'
 *
 * This module imports nothing from the database, so client bundles may use it.
 */
export const LABEL_GROUPS = [
  'services',
  'gateways',
  'paymentStates',
  'paymentSources',
  'paymentMethods',
  'kycStatus',
  'personKinds',
  'serviceStatus',
  'platformStatus',
  'platformTypes',
  'payoutStates',
  'refundStates',
  'disputeStates',
  'topupStates',
  'splitInvoiceStates',
  'ivrInvoiceStates',
  'vposChannels',
  'webhookEventStates',
  'exportStates',
  'apiKeyEnvironments',
] as const;
export type LabelGroup = (typeof LABEL_GROUPS)[number];

/** Translates a code of a group; an unknown code is shown as it is, never as a missing-message error. */
export type LabelOf = (group: LabelGroup, code: string | null | undefined) => string;

type Translator = { (key: string): string; has(key: string): boolean };

export function labelsFrom(t: Translator): LabelOf {
  return (group, code) => {
    if (!code) return '—';
    const key = `${group}.${code}`;
    return t.has(key) ? t(key) : code;
  };
}

export function useLabels(): LabelOf {
  return labelsFrom(useTranslations('labels') as unknown as Translator);
}

/**
 * The audit trail's codes (`lib/audit`): every action name and object type passed to `audit()`
 * in lib/**, read from the `audit` namespace (`audit.actions`, `audit.objects`). A dotted action
 * (`deposit_slip.approved`) is looked up with its dots as underscores. `lib/audit/labels.test.ts`
 * fails when an `audit()` call names an action missing here.
 */
export const AUDIT_ACTIONS = [
  'accept',
  'add',
  'add_evidence',
  'allow_list',
  'answer',
  'approve',
  'approved',
  'build',
  'cancel',
  'close',
  'create',
  'decline',
  'deposit_slip.approved',
  'deposit_slip.rejected',
  'disable',
  'edit',
  'enable',
  'export',
  'fail',
  'hide',
  'invite',
  'issue',
  'lost',
  'name_account',
  'one_off_link.created',
  'open',
  'paid',
  'password_change',
  'password_reset',
  'pause',
  'payer_link',
  'payment_alert.resolved',
  'payment_link.created',
  'payment_link.logo_set',
  'payment_link.updated',
  'permission',
  'propose_fee',
  'publish_terms',
  'regenerate_recovery_codes',
  'reinstate',
  'reject',
  'reject_fee',
  'rejected',
  'remove',
  'request',
  'resume',
  'returned',
  'revoke',
  'roll',
  'roll_ivr_credential',
  'roll_ivr_trunk',
  'save_connector',
  'send',
  'set_auto_settlement',
  'set_default_account',
  'set_fee',
  'set_ivr_rail',
  'set_money_back_rules',
  'set_roles',
  'set_rules',
  'show',
  'submit',
  'succeed',
  'suspend',
  'support.assign',
  'support.rate',
  'support.reopen',
  'support.resolve',
  'support.take',
  'sync',
  'team.accept',
  'team.changeRole',
  'team.decline',
  'team.found',
  'team.invite',
  'team.leave',
  'team.remove',
  'team.revokeInvitation',
  'team.transferOwnership',
  'test_connector',
  'update',
  'use_recovery_code',
  'verify',
  'vpos.cancel.requested',
  'vpos.definition.created',
  'vpos.definition.disabled',
  'vpos.definition.enabled',
  'vpos.definition.updated',
  'vpos.platform.definition',
  'vpos.recon.entered',
  'vpos.recon.resolved',
  'vpos.recon.run',
  'vpos.refund.requested',
  'won',
] as const;

export const AUDIT_OBJECT_TYPES = [
  'api_key',
  'bank_account',
  'canned_answer',
  'connector',
  'dispute',
  'ivr_invoice',
  'ivr_settings',
  'kyc_profile',
  'merchant',
  'merchant_invitation',
  'merchant_member',
  'merchant_service',
  'one_off_link',
  'payment',
  'payment_alert',
  'payer_inquiry',
  'payment_link',
  'payout',
  'payout_batch',
  'payout_rules',
  'payout_settings',
  'payouts',
  'platform',
  'refund',
  'service',
  'split_beneficiary',
  'split_invoice',
  'split_marketplace',
  'staff',
  'support_ticket',
  'topup_catalogue',
  'topup_commission',
  'topup_product',
  'topup_store',
  'two_factor',
  'user',
  'vpos_definition',
  'vpos_recon_item',
  'vpos_recon_run',
  'webhook_endpoint',
] as const;

export const AUDIT_ACTOR_KINDS = ['merchant', 'staff', 'api', 'system'] as const;

/** An audit code as its message key: dots nest in the catalogue, so they become underscores. */
export const auditKey = (code: string) => code.replace(/\./g, '_');

export type AuditLabels = { action: (code: string) => string; object: (code: string) => string; kind: (code: string) => string };

/** The audit codes' words from a translator of the `audit` namespace; an unknown code is shown as it is. */
export function auditLabelsFrom(t: Translator): AuditLabels {
  const of = (group: string) => (code: string) => {
    const key = `${group}.${auditKey(code)}`;
    return t.has(key) ? t(key) : code;
  };
  return { action: of('actions'), object: of('objects'), kind: of('kinds') };
}
