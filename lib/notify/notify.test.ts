import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emailMessages, smsMessages, users } from '@/db/schema';
import { upsertUser } from '@/lib/auth/accounts';
import { emailLocale } from '@/lib/email/texts';
import { notify } from '@/lib/messages';
import { testDb, uniqueMobile } from '@/test/db';
import { channelsFor, recordUserNotice } from './index';

const db = testDb();

const uniqueTurkishMobile = () => `+905${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
const uniqueEmail = () => `co-${randomInt(0, 1e9)}@firma.com.tr`;

async function person(mobile: string, email: string | null, locale: string | null = null) {
  const u = await upsertUser(db, { mobile, firstName: 'Ayşe', lastName: 'Yılmaz', password: 'a long pass phrase', role: 'merchant' });
  await db.update(users).set({ email, locale }).where(eq(users.id, u.id));
  return u.id;
}

const smsTo = (mobile: string) => db.select().from(smsMessages).where(eq(smsMessages.mobile, mobile));
const emailTo = (to: string) => db.select().from(emailMessages).where(eq(emailMessages.to, to));

describe('notification routing', () => {
  it('picks SMS for an Iranian mobile, e-mail where there is an address, never SMS to a Turkish mobile', () => {
    expect(channelsFor({ mobile: '09121234567', email: null })).toEqual({ sms: true, email: false });
    expect(channelsFor({ mobile: '09121234567', email: 'a@b.ir' })).toEqual({ sms: true, email: true });
    expect(channelsFor({ mobile: '+905321234567', email: 'a@b.com.tr' })).toEqual({ sms: false, email: true });
    expect(channelsFor({ mobile: '+905321234567', email: null })).toEqual({ sms: false, email: false });
  });

  it('texts an Iranian merchant without an address, and writes no e-mail', async () => {
    const mobile = uniqueMobile();
    const id = await person(mobile, null);
    const pending = await recordUserNotice(db, id, { sms: 'SMS text', email: { key: 'kycApproved', values: { link: 'http://dargah.test/customer-info' } } });
    expect(pending.sms).toHaveLength(1);
    expect(pending.email).toHaveLength(0);
    expect((await smsTo(mobile)).map((m) => m.body)).toEqual(['SMS text']);
  });

  it('e-mails a Turkish company only, in its language (English until the Turkish e-mail texts land), with the portal link', async () => {
    const mobile = uniqueTurkishMobile();
    const email = uniqueEmail();
    const id = await person(mobile, email, 'tr');
    const pending = await recordUserNotice(db, id, {
      sms: 'SMS text',
      email: { key: 'platformApproved', values: { name: 'Firma Shop', link: 'http://dargah.test/platforms/1' } },
    });
    expect(pending).toEqual({ sms: [], email: [expect.any(String)] });
    expect(await smsTo(mobile)).toEqual([]);
    const [mail] = await emailTo(email);
    if (emailLocale('tr') === 'en') expect(mail.subject).toBe('Your sales platform “Firma Shop” is approved');
    else expect(mail.subject).toContain('Firma Shop');
    expect(mail.subject).not.toMatch(/[\u0600-\u06FF]/);
    expect(mail.body).toContain('http://dargah.test/platforms/1');
    expect(mail.status).toBe('queued');
  });

  it('gives an Iranian merchant with an address both, the e-mail in Persian', async () => {
    const mobile = uniqueMobile();
    const email = uniqueEmail();
    const id = await person(mobile, email);
    const pending = await recordUserNotice(db, id, { sms: 'SMS text', email: { key: 'kycRejected', values: { link: '' } } });
    expect(pending.sms).toHaveLength(1);
    expect(pending.email).toHaveLength(1);
    const [mail] = await emailTo(email);
    expect(mail.subject).toBe('اطلاعات مشتری شما نیاز به اصلاح دارد');
  });

  it('sends an important inbox message to a Turkish company by e-mail, not in Persian, and not by SMS', async () => {
    const mobile = uniqueTurkishMobile();
    const email = uniqueEmail();
    const id = await person(mobile, email, 'tr');
    const r = await notify(db, { userId: id, category: 'kyc', template: 'kycApproved', link: '/customer-info', important: true });
    expect(r.smsId).toBeNull();
    expect(r.emailId).not.toBeNull();
    const [mail] = await emailTo(email);
    expect(mail.body).toContain('http://dargah.test/customer-info');
    expect(mail.body).not.toMatch(/[\u0600-\u06FF]/);
    expect(await smsTo(mobile)).toEqual([]);
  });
});
