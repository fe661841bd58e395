import { z } from 'zod';

/** Which definition a virtual POS platform's payments use by default (the definitions page). */
export const vposPlatformDefaultSchema = z.object({
  platformId: z.uuid('notFound'),
  definitionId: z.uuid('required'),
});
