'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Field } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/result';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { toAsciiDigits } from '@/lib/validation/digits';
import { dialPhoneAction, lookupInvoiceAction, orderProductAction, payOnBankIvrAction, type PhoneLookup } from './actions';
import { inLocale } from './bilingual';
import { bankStepSchema, dialSchema, invoiceLookupSchema, SAMPLE_PRODUCTS, type SampleProduct } from './schemas';
import { amountInWords } from './words';

/**
 * The sandbox phone: a keypad and a small screen that play a phone payment as the caller hears
 * it. Each step is what the merchant's IVR (or, after the hand-off, the bank's IVR) would do
 * with the keys pressed so far; the server actions do the IVR's real work (`lib/ivr`). The
 * transcript keeps message keys, not text, so it follows the reader's language.
 */

type Found = Extract<PhoneLookup, { found: true }>;
type Step =
  | { s: 'idle' }
  | { s: 'menu' }
  | { s: 'invoice' }
  | { s: 'shop' }
  | { s: 'retry'; mode: 'invoice' | 'shop' }
  | { s: 'confirm'; tx: Found }
  | { s: 'card'; tx: Found }
  | { s: 'pin'; tx: Found; card: string };
type Call = { line: string; name: string; callId: string; caller: string };
type Who = 'phone' | 'ivr' | 'bank' | 'you';
type Values = {
  line?: string;
  name?: string;
  amount?: string;
  code?: string;
  digits?: string;
  reason?: string;
  lookup?: number;
  error?: string;
  seconds?: number;
};
type Entry = { id: number; who: Who; key: string; v?: Values };
type Scene = { id: number; title: 'lookup' | 'answer' | 'sip' | 'bank' | 'bankAnswer'; body: string };

const CHOICE_STEPS = new Set<Step['s']>(['menu', 'shop', 'retry', 'confirm']);
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const MAX_KEYED = 20;

const json = (v: unknown) => JSON.stringify(v, null, 2);

export function Phone({
  defaultCaller,
  cards,
  lookupMessages,
}: {
  defaultCaller: string;
  cards: [string, string][];
  /** The look-up's error messages (codes 1–5) in the reader's language, from `LOOKUP_ERRORS`. */
  lookupMessages: Record<number, string>;
}) {
  const t = useTranslations('sandboxPhone');
  const tb = useTranslations('sandbox');
  const locale = useLocale() as Locale;
  const [step, setStep] = useState<Step>({ s: 'idle' });
  const [call, setCall] = useState<Call | null>(null);
  const [buffer, setBuffer] = useState('');
  const [caller, setCaller] = useState(defaultCaller);
  const [callerError, setCallerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [log, setLog] = useState<Entry[]>([]);
  const [scenes, setScenes] = useState<Scene[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const seq = useRef(0);
  const logRef = useRef<HTMLDivElement>(null);
  const displayRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log.length]);

  const say = (who: Who, key: string, v?: Values) => setLog((l) => [...l, { id: ++seq.current, who, key, v }]);
  const show = (title: Scene['title'], body: unknown) =>
    setScenes((s) => [...s, { id: ++seq.current, title, body: typeof body === 'string' ? body : json(body) }]);
  const inCall = call !== null;

  /** Runs one server step; a refusal the call cannot go on from is said by the phone. */
  async function run<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    setBusy(true);
    try {
      return await fn();
    } catch {
      return { ok: false, error: 'network' };
    } finally {
      setBusy(false);
      displayRef.current?.focus();
    }
  }

  function refused(r: Extract<ActionResult<unknown>, { ok: false }>) {
    const key = r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'unknown';
    say('phone', 'error', { error: t.has(`errors.${key}`) ? key : 'unknown', seconds: Number(r.params?.retryAfterSeconds ?? 0) });
  }

  function end(finalKey?: string) {
    if (finalKey) say('phone', finalKey);
    setCall(null);
    setStep({ s: 'idle' });
    setBuffer('');
  }

  async function dial() {
    const line = dialSchema.safeParse({ line: buffer });
    const who = invoiceLookupSchema.shape.caller.safeParse(caller);
    setCallerError(who.success ? null : t('errors.phoneInvalid'));
    if (!who.success) return;
    if (!line.success) {
      say('phone', 'error', { error: 'lineInvalid' });
      return;
    }
    setLog([]);
    setScenes([]);
    setReceipt(null);
    say('phone', 'dialing', { line: line.data.line });
    setBuffer('');
    const r = await run(() => dialPhoneAction({ line: line.data.line }));
    if (!r.ok) return r.error === 'notInService' ? say('phone', 'notInService') : refused(r);
    setCall({ line: line.data.line, name: r.data!.name, callId: r.data!.callId, caller: who.data });
    say('ivr', 'welcome', { name: r.data!.name });
    say('ivr', 'menu');
    setStep({ s: 'menu' });
  }

  function heard(mode: 'invoice' | 'shop', a: PhoneLookup) {
    if (a.found) {
      show('answer', { transactionId: Number(a.transactionId), merchantId: a.merchantId, price: a.price });
      say('ivr', 'amount', { amount: a.price });
      setStep({ s: 'confirm', tx: a });
    } else {
      show('answer', { error: a.code });
      say('ivr', 'lookupError', { lookup: a.code });
      setStep({ s: 'retry', mode });
    }
  }

  async function lookUpInvoice(c: Call, keyed: string) {
    if (!keyed) return say('ivr', 'askInvoice');
    say('you', 'keyed', { digits: `${keyed}#` });
    show('lookup', { invoice_id: keyed, merchant_cid: c.caller, ivr: 0, type: 1 });
    const r = await run(() => lookupInvoiceAction({ line: c.line, caller: c.caller, invoiceId: keyed }));
    if (!r.ok) return refused(r);
    heard('invoice', r.data!);
  }

  async function buy(c: Call, product: SampleProduct) {
    const r = await run(() => orderProductAction({ line: c.line, caller: c.caller, callId: c.callId, product }));
    if (!r.ok) return refused(r);
    const { orderId, ...answer } = r.data!;
    show('lookup', { order_id: orderId, merchant_cid: c.caller, amount: Number(SAMPLE_PRODUCTS[product]), trunk_id: '…', ivr: 1, type: 1 });
    heard('shop', answer);
  }

  async function pay(tx: Found, card: string, pin: string) {
    say('you', 'keyed', { digits: `${'•'.repeat(pin.length)}#` });
    const input = { merchantId: tx.merchantId, transactionId: tx.transactionId, amount: tx.price, card, pin };
    const parsed = bankStepSchema.safeParse(input);
    if (!parsed.success) return say('bank', 'pinInvalid');
    show('bank', {
      merchant_id: tx.merchantId,
      transaction_id: tx.transactionId,
      amount: tx.price,
      card: `${card.slice(0, 6)}******${card.slice(-4)}`,
      pin: '****',
    });
    const r = await run(() => payOnBankIvrAction(input));
    if (!r.ok) {
      if (r.error === 'cardInvalid') {
        say('bank', 'cardInvalid');
        return setStep({ s: 'card', tx });
      }
      if (r.error === 'wrongPin' || r.fieldErrors?.pin) return say('bank', 'pinInvalid');
      if (r.error === 'alreadyDone') return end('alreadyDone');
      if (r.error === 'notFound' || r.error === 'amountMismatch') return end('bankNotFound');
      return refused(r);
    }
    const { outcome, trackingCode, reason } = r.data!;
    show('bankAnswer', { outcome, tracking_code: trackingCode, reason });
    if (outcome === 'paid') say('bank', 'paid', { code: trackingCode });
    else if (outcome === 'declined') say('bank', 'declined', { reason: reason ?? '' });
    else say('bank', 'pending', { code: trackingCode });
    setReceipt(tx.paymentId);
    end('ended');
  }

  /** A menu key: the IVR acts on it at once. */
  function choose(key: string) {
    if (!call) return;
    say('you', 'keyed', { digits: key });
    switch (step.s) {
      case 'menu':
        if (key === '1') {
          setStep({ s: 'invoice' });
          return say('ivr', 'askInvoice');
        }
        if (key === '2') {
          setStep({ s: 'shop' });
          return say('ivr', 'shopMenu');
        }
        return say('ivr', 'invalidChoice');
      case 'retry':
        if (key !== '1') return say('ivr', 'invalidChoice');
        setStep({ s: step.mode });
        return say('ivr', step.mode === 'invoice' ? 'askInvoice' : 'shopMenu');
      case 'shop':
        if (key === '1' || key === '2' || key === '3') return void buy(call, Number(key) as SampleProduct);
        return say('ivr', 'invalidChoice');
      case 'confirm':
        if (key === '1') {
          say('ivr', 'transferring');
          show(
            'sip',
            Object.entries(step.tx.sip)
              .map(([k, v]) => `${k} = ${v}`)
              .join('\n'),
          );
          say('bank', 'askCard');
          return setStep({ s: 'card', tx: step.tx });
        }
        if (key === '2') return end('canceled');
        return say('ivr', 'invalidChoice');
    }
  }

  /** `#` (or Enter) after digits: the number to dial, the invoice id, the card, the PIN. */
  function submit(keyed: string) {
    if (busy) return;
    setBuffer('');
    if (step.s === 'idle') return void dial();
    if (!call) return;
    if (step.s === 'invoice') return void lookUpInvoice(call, keyed);
    if (step.s === 'card') {
      const card = keyed.replace(/\D/g, '');
      say('you', 'keyed', { digits: `${card}#` });
      if (!/^\d{16}$/.test(card)) return say('bank', 'cardInvalid');
      say('bank', 'askPin');
      return setStep({ s: 'pin', tx: step.tx, card });
    }
    if (step.s === 'pin') return void pay(step.tx, step.card, keyed);
  }

  function press(key: string) {
    if (busy) return;
    if (CHOICE_STEPS.has(step.s)) return choose(key);
    if (step.s === 'idle') return setBuffer((b) => (b + key).slice(0, MAX_KEYED));
    if (key === '#') return submit(buffer);
    if (key === '*') return setBuffer('');
    setBuffer((b) => (b + key).slice(0, MAX_KEYED));
  }

  function typed(value: string) {
    const keys = toAsciiDigits(value).replace(/[^0-9*#]/g, '');
    if (busy) return;
    if (CHOICE_STEPS.has(step.s)) {
      const added = keys.slice(buffer.length);
      if (added) choose(added[0]);
      return setBuffer('');
    }
    const hash = keys.indexOf('#');
    if (step.s !== 'idle' && hash >= 0) return submit(keys.slice(0, hash));
    setBuffer(keys.slice(0, MAX_KEYED));
  }

  function onDisplayKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!CHOICE_STEPS.has(step.s)) submit(buffer);
  }

  function hangUp() {
    if (busy) return;
    if (inCall) end('ended');
    else setBuffer('');
  }

  const text = (e: Entry): ReactNode => {
    const v = e.v ?? {};
    switch (e.key) {
      case 'lookupError':
        return `${lookupMessages[v.lookup!] ?? ''} ${t('say.tryAgain')}`;
      case 'shopMenu':
        return (
          <>
            <span className="me-1 rounded bg-amber-300 px-1.5 text-xs font-bold text-black">{t('sampleMenu')}</span>
            {t('say.shopMenu', Object.fromEntries(Object.entries(SAMPLE_PRODUCTS).map(([k, rials]) => [`p${k}`, formatAmount(rials, locale)])))}
          </>
        );
      case 'error':
        return t(`errors.${v.error}` as 'errors.unknown', { seconds: localDigits(v.seconds ?? 0, locale) });
      case 'keyed':
        return <bdi dir="ltr">{localDigits(v.digits ?? '', locale)}</bdi>;
      default:
        return t(`say.${e.key}` as 'say.welcome', {
          name: v.name ?? '',
          line: localDigits(v.line ?? '', locale),
          amount: v.amount ? formatAmount(BigInt(v.amount), locale) : '',
          words: v.amount ? amountInWords(BigInt(v.amount), locale) : '',
          code: localDigits(v.code ?? '', locale),
          reason: inLocale(v.reason ?? '', locale),
        });
    }
  };

  const status = busy && !inCall ? t('status.calling') : !call ? t('status.idle') : step.s === 'card' || step.s === 'pin' ? t('status.bank') : call.name;
  const bankStep = step.s === 'card' || step.s === 'pin';
  const prompt =
    step.s === 'idle'
      ? t('display.dial')
      : step.s === 'invoice'
        ? t('display.invoice')
        : step.s === 'card'
          ? t('display.card')
          : step.s === 'pin'
            ? t('display.pin')
            : t('display.choice');

  return (
    <div className="mt-5 grid gap-6 lg:grid-cols-[22rem_1fr] lg:items-start lg:gap-10">
      <div className="flex flex-col gap-6">
        <Field
          name="caller"
          label={t('caller')}
          hint={t('callerHint')}
          digits
          value={localDigits(caller, locale)}
          readOnly={inCall}
          onChange={(e) => setCaller(toAsciiDigits(e.target.value))}
          error={callerError ?? undefined}
          autoComplete="off"
        />

        <div className="mx-auto w-full max-w-[20rem] rounded-[2.5rem] bg-slate-900 p-4 pb-6 shadow-xl" data-testid="phone">
          <div className="rounded-2xl bg-slate-800 p-3 text-slate-50">
            <p className="flex items-center justify-between gap-2 text-xs text-slate-300" data-testid="phone-status">
              <span className="truncate">{status}</span>
              {call && (
                <bdi dir="ltr" className="shrink-0">
                  {localDigits(call.line, locale)}
                </bdi>
              )}
            </p>
            <div
              ref={logRef}
              role="log"
              aria-live="polite"
              aria-label={t('logLabel')}
              tabIndex={0}
              className="mt-2 flex h-56 flex-col gap-1.5 overflow-y-auto rounded-lg bg-slate-950/60 p-2 text-sm leading-6"
              data-testid="phone-log"
            >
              {log.length === 0 && <p className="text-slate-300">{t('lineHint')}</p>}
              {log.map((e) => (
                <p
                  key={e.id}
                  data-kind={e.key === 'lookupError' ? `lookup-error-${e.v?.lookup}` : e.key}
                  className={
                    e.who === 'you'
                      ? 'self-end rounded-lg bg-sky-800 px-2 text-sky-50'
                      : e.who === 'phone'
                        ? 'text-amber-200'
                        : e.who === 'bank'
                          ? 'text-emerald-200'
                          : 'text-slate-50'
                  }
                >
                  {e.who !== 'you' && <span className="me-1 text-xs font-semibold text-slate-300">{t(`who.${e.who}`)}:</span>}
                  {text(e)}
                </p>
              ))}
            </div>
            <div className="mt-2 flex items-center gap-2">
              <label htmlFor="phone-display" className="sr-only">
                {prompt}
              </label>
              <input
                ref={displayRef}
                id="phone-display"
                type={step.s === 'pin' ? 'password' : 'text'}
                inputMode="numeric"
                dir={buffer ? 'ltr' : undefined}
                autoComplete="off"
                value={step.s === 'pin' ? buffer : localDigits(buffer, locale)}
                onChange={(e) => typed(e.target.value)}
                onKeyDown={onDisplayKey}
                placeholder={prompt}
                className="min-h-11 w-full min-w-0 rounded-lg bg-slate-950 px-3 text-center font-mono text-xl tracking-wider text-white placeholder:font-sans placeholder:text-sm placeholder:tracking-normal placeholder:text-slate-400"
                data-testid="phone-display"
              />
              <button
                type="button"
                onClick={() => setBuffer((b) => b.slice(0, -1))}
                aria-label={t('keys.delete')}
                className="min-h-11 shrink-0 rounded-lg px-3 text-lg text-slate-200 hover:bg-slate-700"
                data-testid="key-delete"
              >
                <span aria-hidden>⌫</span>
              </button>
            </div>
          </div>

          <div role="group" aria-label={t('keypad')} dir="ltr" className="mt-5 grid grid-cols-3 justify-items-center gap-x-5 gap-y-3">
            {KEYS.map((k) => (
              <button
                key={k}
                type="button"
                onClick={() => press(k)}
                aria-label={k === '*' ? t('keys.star') : k === '#' ? t('keys.hash') : undefined}
                className="flex size-16 items-center justify-center rounded-full bg-slate-700 text-2xl font-semibold text-white hover:bg-slate-600 active:bg-slate-500"
                data-key={k}
                data-testid={`key-${k === '*' ? 'star' : k === '#' ? 'hash' : k}`}
              >
                {/^\d$/.test(k) ? localDigits(k, locale) : k}
              </button>
            ))}
            <button
              type="button"
              onClick={() => submit(buffer)}
              disabled={inCall || busy}
              aria-label={t('keys.call')}
              className="flex size-16 items-center justify-center rounded-full bg-emerald-600 text-white hover:bg-emerald-500 disabled:opacity-40"
              data-testid="key-call"
            >
              <PhoneIcon />
            </button>
            <span aria-hidden />
            <button
              type="button"
              onClick={hangUp}
              aria-label={t('keys.hangUp')}
              className="flex size-16 items-center justify-center rounded-full bg-red-600 text-white hover:bg-red-500"
              data-testid="key-hangup"
            >
              <PhoneIcon down />
            </button>
          </div>
        </div>

        {receipt && (
          <p className="text-center">
            <Link href={`/pay/receipt/${receipt}`} className="font-semibold text-brand-700 underline" data-testid="phone-receipt">
              {t('receipt')}
            </Link>
          </p>
        )}
      </div>

      <div className="flex flex-col gap-6">
        <section aria-labelledby="cards-title" className="flex flex-col gap-2">
          <h2 id="cards-title" className="text-base font-semibold">
            {t('cardsTitle')}
          </h2>
          <p className="text-xs text-muted">{t('cardsHint')}</p>
          <ul className="grid gap-2">
            {cards.map(([number, behaviour]) => (
              <li key={number}>
                <button
                  type="button"
                  disabled={!bankStep || step.s !== 'card' || busy}
                  onClick={() => {
                    setBuffer(number);
                    displayRef.current?.focus();
                  }}
                  className="flex min-h-11 w-full items-center justify-between gap-3 rounded-lg border border-slate-300 bg-white px-3 text-sm enabled:hover:bg-slate-50 disabled:cursor-not-allowed"
                  data-card={number}
                >
                  <bdi dir="ltr" className="shrink-0 whitespace-nowrap font-mono">
                    {localDigits(number.replace(/(\d{4})(?=\d)/g, '$1 '), locale)}
                  </bdi>
                  <span className="text-end">{tb(`cards.${behaviour}` as 'cards.success')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="behind-title" className="flex flex-col gap-2 rounded-xl border border-slate-300 bg-slate-50 p-3" data-testid="behind">
          <h2 id="behind-title" className="text-base font-semibold">
            {t('behind.title')}
          </h2>
          {scenes.length === 0 ? (
            <p className="text-xs text-muted">{t('behind.empty')}</p>
          ) : (
            scenes.map((s) => (
              <div key={s.id} data-scene={s.title}>
                <h3 className="text-xs font-semibold text-muted">{t(`behind.${s.title}`)}</h3>
                <pre dir="ltr" className="mt-1 whitespace-pre-wrap break-all rounded-lg bg-white p-2 text-start font-mono text-xs text-ink">
                  {s.body}
                </pre>
              </div>
            ))
          )}
        </section>
      </div>
    </div>
  );
}

function PhoneIcon({ down = false }: { down?: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={`size-7 ${down ? 'rotate-[135deg]' : ''}`} fill="currentColor">
      <path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.46.57 3.6a1 1 0 0 1-.25 1z" />
    </svg>
  );
}
