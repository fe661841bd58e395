import { z } from 'zod';

/**
 * The small inputs of the phone-payment screens that lib/ivr/schemas.ts does not cover: which
 * invoice (cancel, SMS), which secret to roll, and staff's rail choice.
 */
export const ivrInvoiceRefSchema = z.object({ invoiceId: z.uuid('required') });

export const IVR_SECRET_KINDS = ['credential', 'trunk'] as const;
export const rollIvrSecretSchema = z.object({ platformId: z.uuid('required'), kind: z.enum(IVR_SECRET_KINDS, { error: 'invalid' }) });

export const IVR_RAILS = ['sandbox', 'paystar'] as const;
export const setIvrRailSchema = z.object({ platformId: z.uuid('required'), rail: z.enum(IVR_RAILS, { error: 'invalid' }) });
