'use server';

import { action } from '@/lib/actions/action';
import { cancelIvrInvoice, createIvrInvoice, rollIvrSecret, smsIvrInvoice, updateIvrSettings } from '@/lib/ivr';
import { ivrSettingsSchema, phoneSaleSchema } from '@/lib/ivr/schemas';
import { err, fieldErr, ok } from '@/lib/result';
import { smsText } from '@/lib/sms/texts';
import { ivrInvoiceRefSchema, rollIvrSecretSchema } from '@/lib/validation/ivr';

/** What the phone-sales screen shows once the invoice exists: the code to read out, and what it says. */
export type PhoneSaleMade = { id: string; trackingCode: string; amount: string; expiresAt: string; livemode: boolean; hasPhone: boolean };

export const createPhoneSaleAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: phoneSaleSchema, revalidate: '/ivr/invoices' },
  async (actor, input, { db }) => {
    const r = await createIvrInvoice(db, actor, {
      platformId: input.platformId,
      amount: input.amount,
      orderId: input.order_id,
      customerName: input.customer_name,
      email: input.email,
      phone: input.phone,
    });
    if (!r.ok) {
      if (r.error === 'notFound') return fieldErr({ platformId: 'notFound' });
      if (r.error === 'duplicateOrder') return fieldErr({ order_id: 'duplicateOrder' });
      return err(r.error ?? 'unknown');
    }
    const i = r.data;
    return ok<PhoneSaleMade>({
      id: i.id,
      trackingCode: i.trackingCode,
      amount: i.amount.toString(),
      expiresAt: i.expiresAt.toISOString(),
      livemode: i.livemode,
      hasPhone: Boolean(i.phone),
    });
  },
);

export const smsIvrInvoiceAction = action({ who: 'merchant-kyc', need: 'sell', schema: ivrInvoiceRefSchema }, (actor, input, { db }) =>
  smsIvrInvoice(db, actor, input.invoiceId, (v) => smsText('ivrInvoice', v)),
);

export const cancelIvrInvoiceAction = action(
  { who: 'merchant-kyc', need: 'sell', schema: ivrInvoiceRefSchema, revalidate: '/ivr/invoices' },
  (actor, input, { db }) => cancelIvrInvoice(db, actor, input.invoiceId),
);

export const updateIvrSettingsAction = action(
  { who: 'merchant-kyc', need: 'platforms', schema: ivrSettingsSchema, revalidate: (input) => `/ivr/settings/${input.platformId}` },
  async (actor, input, { db }) => {
    const r = await updateIvrSettings(db, actor, input);
    return r.ok ? ok() : r;
  },
);

export const rollIvrSecretAction = action(
  { who: 'merchant-kyc', need: 'keys', schema: rollIvrSecretSchema, revalidate: (input) => `/ivr/settings/${input.platformId}` },
  (actor, input, { db }) => rollIvrSecret(db, actor, input.platformId, input.kind),
);
