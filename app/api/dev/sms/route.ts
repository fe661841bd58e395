import { connection, NextResponse } from 'next/server';
import { getDb } from '@/db';
import { isDevInboxEnabled } from '@/lib/env';
import { listSmsFor } from '@/lib/sms/inbox';
import { normalizeMobile } from '@/lib/validation/auth';

export async function GET(req: Request) {
  await connection();
  if (!isDevInboxEnabled()) return NextResponse.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  const mobile = normalizeMobile(new URL(req.url).searchParams.get('mobile') ?? '');
  if (!mobile) {
    return NextResponse.json(
      { error: { code: 'invalid_mobile', message: 'Give ?mobile= an Iranian mobile number', fields: { mobile: 'mobileInvalid' } } },
      { status: 400 },
    );
  }
  const messages = await listSmsFor(getDb(), mobile);
  return NextResponse.json({ mobile, messages });
}
