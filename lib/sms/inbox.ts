import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { smsMessages } from '@/db/schema';

/** The dev inbox: one number's messages, newest first. */
export async function listSmsFor(db: Db, mobile: string, limit = 50) {
  return db
    .select({
      id: smsMessages.id,
      mobile: smsMessages.mobile,
      body: smsMessages.body,
      status: smsMessages.status,
      createdAt: smsMessages.createdAt,
      sentAt: smsMessages.sentAt,
    })
    .from(smsMessages)
    .where(eq(smsMessages.mobile, mobile))
    .orderBy(desc(smsMessages.createdAt))
    .limit(limit);
}
