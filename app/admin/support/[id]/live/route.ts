import { supportLiveStream, supportTyping } from '@/lib/support/live-routes';

// A stream held open: never prerendered, never cached, on Node (LISTEN needs the database client).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The ticket's conversation live (Server-Sent Events): messages after Last-Event-ID, then as they are stored; typing and presence. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return supportLiveStream(req, (await params).id, 'staff');
}

/** "Typing…", told to the other side's open streams. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return supportTyping(req, (await params).id, 'staff');
}
