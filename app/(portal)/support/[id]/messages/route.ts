import { supportLivePoll } from '@/lib/support/live-routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The live conversation's polling fallback: the messages after `?after=<message id>` as JSON. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return supportLivePoll(req, (await params).id, 'merchant');
}
