import { createTranslator } from 'next-intl';
import fa from '@/messages/fa.json';

// SMS go out in Persian: the receiving phone, not the browser, decides how they are read.
const t = createTranslator({ locale: 'fa', messages: fa, namespace: 'sms' });

export function smsText(
  key:
    | 'signupCode'
    | 'resetCode'
    | 'kycApproved'
    | 'kycRejected'
    | 'platformApproved'
    | 'platformRejected'
    | 'paymentSucceeded'
    | 'slipSubmitted'
    | 'refundAccountLink'
    | 'refundSucceeded'
    | 'ivrInvoice'
    | 'splitInvite'
    | 'splitSubBusiness',
  values: { code?: string; name?: string; amount?: string; phone?: string },
): string {
  return t(key, values);
}
