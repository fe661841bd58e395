import { describe, expect, it } from 'vitest';
import {
  apiKeyEnvironment,
  disputeState,
  exportState,
  ivrInvoiceState,
  ivrRail,
  kycStatus,
  merchantServiceStatus,
  paymentMethod,
  paymentSource,
  paymentState,
  payoutState,
  personKind,
  platformStatus,
  platformType,
  refundState,
  SERVICE_IDS,
  splitInvoiceState,
  topupState,
  vposChannel,
  webhookEventState,
} from '@/db/schema';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import type { RailId } from '@/lib/gateways/types';
import { LABEL_GROUPS, labelsFrom, type LabelGroup } from './labels';

/** Every rail a payment can name (payments.gateway is text, typed by RailId): tsc fails here when a new one is added. */
const RAILS = ['sandbox', 'paystar', 'paystar-ivr', 'pod', 'nkolay'] as const satisfies readonly RailId[];
const everyRail: [Exclude<RailId, (typeof RAILS)[number]>] extends [never] ? true : false = true;

/**
 * Every code a screen shows has words in every language: each group's codes come from the
 * database's own enums (a new enum value without a label fails here, not on a merchant's screen).
 */
const codes: Record<LabelGroup, readonly string[]> = {
  services: SERVICE_IDS,
  // Payments store the rail that took them (lib/gateways: sandbox, paystar, paystar-ivr, pod, nkolay); phone invoices their IVR rail.
  gateways: everyRail && [...new Set<string>([...ivrRail.enumValues, ...RAILS])],
  paymentStates: paymentState.enumValues,
  paymentSources: paymentSource.enumValues,
  paymentMethods: paymentMethod.enumValues,
  kycStatus: kycStatus.enumValues,
  personKinds: personKind.enumValues,
  serviceStatus: merchantServiceStatus.enumValues,
  platformStatus: platformStatus.enumValues,
  platformTypes: platformType.enumValues,
  payoutStates: payoutState.enumValues,
  refundStates: refundState.enumValues,
  disputeStates: disputeState.enumValues,
  topupStates: topupState.enumValues,
  splitInvoiceStates: splitInvoiceState.enumValues,
  ivrInvoiceStates: ivrInvoiceState.enumValues,
  vposChannels: vposChannel.enumValues,
  webhookEventStates: webhookEventState.enumValues,
  exportStates: exportState.enumValues,
  apiKeyEnvironments: apiKeyEnvironment.enumValues,
};

const catalogues = { fa, en, tr } as Record<string, { labels: Record<string, Record<string, string>> }>;

describe('labels', () => {
  for (const [locale, messages] of Object.entries(catalogues)) {
    it(`has a ${locale} label for every value of every labelled enum, and no stale one`, () => {
      expect(Object.keys(messages.labels).sort()).toEqual([...LABEL_GROUPS].sort());
      for (const group of LABEL_GROUPS) {
        const have = messages.labels[group];
        for (const code of codes[group]) {
          expect(have[code], `${locale} labels.${group}.${code}`).toEqual(expect.any(String));
          expect(have[code].trim(), `${locale} labels.${group}.${code}`).not.toBe('');
        }
        expect(
          Object.keys(have).filter((k) => !codes[group].includes(k)),
          `${locale} labels.${group} extra keys`,
        ).toEqual([]);
      }
    });
  }

  it('never shows a code as its own label in Persian (a copied code is not a translation)', () => {
    const allowed = new Set(['API', 'N Kolay']);
    for (const group of LABEL_GROUPS) {
      for (const code of codes[group]) {
        const fa_ = catalogues.fa.labels[group][code];
        if (!allowed.has(fa_)) expect(fa_, `fa labels.${group}.${code}`).not.toBe(code);
      }
    }
  });

  it('reads through a translator, with a dash for no code and the code itself for an unknown one', () => {
    const t = Object.assign((key: string) => (key === 'services.charge' ? 'درگاه شارژ' : '?'), { has: (key: string) => key === 'services.charge' });
    const label = labelsFrom(t);
    expect(label('services', 'charge')).toBe('درگاه شارژ');
    expect(label('services', 'nope')).toBe('nope');
    expect(label('gateways', null)).toBe('—');
  });
});
