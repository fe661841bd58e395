import { z } from 'zod';
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
