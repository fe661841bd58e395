import { downloadSupportFile } from '@/lib/support/routes';

/** A file of the business's own ticket (never of a staff note); anyone else gets 404. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return downloadSupportFile((await ctx.params).id, 'merchant');
}
