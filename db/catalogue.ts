import { sql } from 'drizzle-orm';
import type { Db } from './index';
import { services, serviceTerms } from './schema';

/** The service catalogue and the first version of each service's terms; staff edit them later. */
const CATALOGUE = [
  {
    id: 'charge',
    nameFa: 'درگاه شارژ',
    nameEn: 'Charge gateway',
    descriptionFa: 'فروش شارژ مستقیم و بستهٔ اینترنت همهٔ اپراتورها درون اپلیکیشن و وب‌سایت شما، با کارمزد فروش برای هر درگاه فروش.',
    descriptionEn: 'Sell mobile top-up and internet packages of every operator inside your app or website, earning a commission per sales platform.',
    clauseFa: 'کارمزد هر فروش پس از قطعی شدن تراکنش به موجودی قابل برداشت همان درگاه فروش افزوده می‌شود.',
    clauseEn: 'The commission on each sale is added to the withdrawable balance of its sales platform once the transaction is final.',
  },
  {
    id: 'payment',
    nameFa: 'درگاه پرداخت',
    nameEn: 'Payment gateway',
    descriptionFa: 'دریافت وجه آنلاین از مشتریان با درگاه‌های بانکی و لینک پرداخت، با تسویهٔ شاپرکی.',
    descriptionEn: 'Collect online payments through bank gateways and payment links, settled through Shaparak.',
    clauseFa: 'پرداخت تنها پس از تأیید سرور به سرور با بانک موفق شمرده می‌شود و تسویه طبق چرخهٔ شاپرک انجام می‌شود.',
    clauseEn: 'A payment counts as successful only after a server-to-server verification with the bank; settlement follows the Shaparak cycle.',
  },
  {
    id: 'ivr',
    nameFa: 'پرداخت تلفنی',
    nameEn: 'Phone (IVR) payments',
    descriptionFa: 'پرداخت صورتحساب از راه تلفن با کد پیگیری، بدون نیاز به اینترنت برای پرداخت‌کننده.',
    descriptionEn: 'Payers settle an invoice by phone with a tracking code, no internet needed.',
    clauseFa: 'پذیرنده مسئول درستی مبلغ و اطلاعات مشتری در صورتحساب‌های تلفنی است.',
    clauseEn: 'The merchant is responsible for the amount and customer details of phone invoices.',
  },
  {
    id: 'split',
    nameFa: 'پرداخت تسهیمی',
    nameEn: 'Split payments',
    descriptionFa: 'برای بازارگاه‌ها: دریافت یک پرداخت و تقسیم آن میان فروشندگان ذی‌نفع.',
    descriptionEn: 'For marketplaces: collect one payment and share it among beneficiary sellers.',
    clauseFa: 'صدور صورتحساب برای ذی‌نفع تنها با مجوز او ممکن است و مجموع سهم‌ها باید برابر مبلغ قابل پرداخت باشد.',
    clauseEn: 'Invoicing for a beneficiary needs its permission, and the shares must add up to the payable amount.',
  },
  {
    id: 'vpos',
    nameFa: 'پوز مجازی',
    nameEn: 'Virtual POS',
    descriptionFa: 'دریافت وجه کارتی از راه پوز مجازی بانک، هنگام خرید یا به‌صورت تلفنی توسط کارشناس.',
    descriptionEn: "Card payments through a bank's virtual POS, at checkout or taken by staff over the phone.",
    clauseFa: 'اطلاعات کارت پرداخت‌کننده هرگز نزد پذیرنده نگه‌داری نمی‌شود.',
    clauseEn: "The payer's card details are never stored by the merchant.",
  },
] as const;

function termsFa(name: string, clause: string) {
  return [
    `شرایط استفاده از سرویس «${name}» — نسخهٔ ۱`,
    '۱. پذیرنده تأیید می‌کند که اطلاعات هویتی و مالی او درست و به‌روز است و هر تغییر را در پرتال ثبت می‌کند.',
    '۲. هر درگاه فروش پیش از استفادهٔ عملیاتی باید به تأیید کارشناس برسد؛ کلید آزمایشی تنها با درگاه آزمایشی کار می‌کند.',
    '۳. نگه‌داری کلیدهای API بر عهدهٔ پذیرنده است؛ در صورت افشا باید بی‌درنگ آن را باطل یا جایگزین کند.',
    `۴. ${clause}`,
    '۵. فروش کالا یا خدمات غیرمجاز از راه این سرویس ممنوع است و به تعلیق سرویس می‌انجامد.',
    '۶. تسهیل‌گر می‌تواند برای امنیت پرداخت‌کنندگان، درگاه فروشی را که رفتار مشکوک دارد تعلیق کند.',
    '۷. تغییر این شرایط با نسخهٔ تازه اعلام می‌شود و درخواست‌های تازه تنها پس از پذیرش آن ثبت می‌شوند.',
  ].join('\n\n');
}

function termsEn(name: string, clause: string) {
  return [
    `Terms of use of the “${name}” service — version 1`,
    '1. The merchant confirms that its identity and financial information is true and current, and records any change in the portal.',
    '2. Each sales platform must be approved by staff before live use; a sandbox key works only against the sandbox gateway.',
    '3. The merchant keeps its API keys safe; if one is disclosed it must revoke or roll it at once.',
    `4. ${clause}`,
    '5. Selling unlawful goods or services through this service is forbidden and leads to suspension.',
    '6. The facilitator may suspend a sales platform that behaves suspiciously, to protect payers.',
    '7. Changes to these terms come as a new version, and new requests are accepted only after it is accepted.',
  ].join('\n\n');
}

/** Idempotent: adds what is missing, never overwrites what staff changed. */
export async function ensureCatalogue(db: Db) {
  for (const [i, s] of CATALOGUE.entries()) {
    await db
      .insert(services)
      .values({ id: s.id, nameFa: s.nameFa, nameEn: s.nameEn, descriptionFa: s.descriptionFa, descriptionEn: s.descriptionEn, sortOrder: i })
      .onConflictDoNothing();
    await db
      .insert(serviceTerms)
      .values({ serviceId: s.id, version: 1, bodyFa: termsFa(s.nameFa, s.clauseFa), bodyEn: termsEn(s.nameEn, s.clauseEn), publishedAt: sql`now()` })
      .onConflictDoNothing();
  }
}
