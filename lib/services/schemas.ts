import { z } from 'zod';
import { feeRuleSchema } from '@/lib/validation/payments';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

/** Shared by the staff forms and the server actions. */
export const serviceEditSchema = z.object({
  nameFa: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(100, 'tooLong'),
  nameEn: z.string().trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(100, 'tooLong'),
  descriptionFa: z.string().trim().refine(multiLine, CONTROL_CHARS).min(1, 'required').max(2000, 'tooLong'),
  descriptionEn: z.string().trim().refine(multiLine, CONTROL_CHARS).min(1, 'required').max(2000, 'tooLong'),
  active: z.boolean(),
});

export const publishTermsSchema = z.object({
  fa: z.string().trim().refine(multiLine, CONTROL_CHARS).min(20, 'termsTooShort').max(50_000, 'tooLong'),
  en: z.string().trim().refine(multiLine, CONTROL_CHARS).min(20, 'termsTooShort').max(50_000, 'tooLong'),
});

/** Catalogue ids are short slugs (`payment`, `ivr`); anything else is simply not found. */
export const serviceIdSchema = z.string().regex(/^[a-z]{2,32}$/, 'notFound');

export const updateServiceSchema = serviceEditSchema.extend({ serviceId: serviceIdSchema });
export type UpdateServiceInput = z.output<typeof updateServiceSchema>;

export const publishServiceTermsSchema = publishTermsSchema.extend({ serviceId: serviceIdSchema });
export type PublishTermsInput = z.output<typeof publishServiceTermsSchema>;

/** A service's fee as staff type it (percent → basis points, Rials → bigint). */
export const setFeeSchema = feeRuleSchema.safeExtend({ serviceId: serviceIdSchema });
export type SetFeeInput = z.output<typeof setFeeSchema>;

/** Accepting the terms version the merchant read is the request for the service. */
export const requestServiceSchema = z.object({
  serviceId: z.string().max(32, 'notFound'),
  termsVersion: z.number().int().positive(),
});
export type RequestServiceInput = z.output<typeof requestServiceSchema>;
