import { downloadSupportFile } from '@/lib/support/routes';

/** Any ticket's file, for staff who may read support. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return downloadSupportFile((await ctx.params).id, 'staff');
}
