'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { navigateAway } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FieldError } from '@/components/ui/field-shell';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { detectOperator, normalizeIranMobile } from '@/lib/topup/operators';
import { toAsciiDigits } from '@/lib/validation/digits';
import type { Operator } from '@/lib/topup/provider';
import type { storeOrderSchema } from '@/lib/topup/schemas';
import type { z } from 'zod';
import type { StoreProduct } from './types';

type Kind = StoreProduct['kind'];
type Answer = { ok: true; data?: { orderId: string; paymentId: string } } | { ok: false; error?: string; fieldErrors?: Record<string, string> };
type Fields = 'mobile' | 'operator' | 'product' | 'amount' | 'form';

const OPERATOR_ORDER: Operator[] = ['mci', 'irancell', 'rightel', 'shatel', 'aptel', 'samantel', 'telekish', 'taliya'];
const KIND_ORDER: Kind[] = ['direct', 'package', 'wonderful', 'shoorangiz', 'pin'];
/** Kinds the buyer pays an amount for (the rest have a price). */
const AMOUNT_KINDS: Kind[] = ['direct', 'wonderful', 'shoorangiz'];
const QUICK_CANDIDATES = [20_000n, 50_000n, 100_000n, 200_000n, 500_000n, 1_000_000n];

/** Where each refusal of the server belongs on the page. */
const FIELD_OF: Record<string, Fields> = {
  mobile: 'mobile',
  mobileInvalid: 'mobile',
  operator: 'operator',
  operatorUnknown: 'operator',
  productId: 'product',
  productUnknown: 'product',
  productOperatorMismatch: 'product',
  productRequired: 'product',
  amount: 'amount',
  amountNotAllowed: 'amount',
  amountRequired: 'amount',
  amountInvalid: 'amount',
};

/** The same rule as amountFor() in lib/topup, for an answer before the round trip; the server decides. */
function allowed(p: StoreProduct, rials: bigint): boolean {
  if (p.price !== null) return rials === BigInt(p.price);
  if (p.amounts?.length) return p.amounts.includes(rials.toString());
  if (p.minAmount !== null && rials < BigInt(p.minAmount)) return false;
  if (p.maxAmount !== null && rials > BigInt(p.maxAmount)) return false;
  if (p.step !== null && BigInt(p.step) > 0n && (rials - BigInt(p.minAmount ?? '0')) % BigInt(p.step) !== 0n) return false;
  return true;
}

function quickAmounts(p: StoreProduct): bigint[] {
  if (p.amounts?.length) return p.amounts.map((a) => BigInt(a));
  return QUICK_CANDIDATES.filter((a) => allowed(p, a)).slice(0, 5);
}

/** Toman as typed (Persian digits, separators) to Rials, or null when it is not a whole number. */
function tomanToRials(typed: string): bigint | null | 'invalid' {
  const s = toAsciiDigits(typed).replace(/[\s,٬]/g, '');
  if (!s) return null;
  if (!/^\d{1,15}$/.test(s) || BigInt(s) === 0n) return 'invalid';
  return BigInt(s) * 10n;
}

/**
 * The hosted store's form: the number (its operator detected as it is typed, changeable — ported
 * numbers keep their prefix), what to buy (top-up of an allowed amount, an internet package with
 * filters, the operator's special kinds), a confirm step, then the order action and off to the
 * gateway. The server re-checks everything; its refusals come back next to their fields.
 */
export function StoreForm({
  handle,
  products,
  action,
}: {
  handle: string;
  products: StoreProduct[];
  action: (input: z.input<typeof storeOrderSchema>) => Promise<Answer>;
}) {
  const t = useTranslations('topupStore');
  const locale = useLocale() as Locale;
  const [mobile, setMobile] = useState('');
  const [chosenOperator, setChosenOperator] = useState<Operator | null>(null);
  const [kind, setKind] = useState<Kind>('direct');
  const [productId, setProductId] = useState<string | null>(null);
  const [amountText, setAmountText] = useState('');
  const [duration, setDuration] = useState<number | null>(null);
  const [volume, setVolume] = useState<'s' | 'm' | 'l' | null>(null);
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [pending, setPending] = useState(false);

  const hint = useMemo(() => detectOperator(mobile), [mobile]);
  const detected = hint?.operator ?? null;
  const operator = chosenOperator ?? detected;
  const operators = useMemo(() => OPERATOR_ORDER.filter((o) => products.some((p) => p.operator === o)), [products]);
  const ofOperator = useMemo(() => products.filter((p) => p.operator === operator), [products, operator]);
  const kinds = KIND_ORDER.filter((k) => ofOperator.some((p) => p.kind === k));
  const activeKind: Kind | null = kinds.includes(kind) ? kind : (kinds[0] ?? null);
  // Prepaid first, unless the prefix says the line is postpaid (MCI's 0912): the plan a buyer most likely has comes first.
  const firstSim = chosenOperator === null && hint?.simHint === 'postpaid' ? 'postpaid' : 'prepaid';
  const ofKind = ofOperator.filter((p) => p.kind === activeKind).sort((a, b) => Number(b.simType === firstSim) - Number(a.simType === firstSim));
  const isAmountKind = activeKind !== null && AMOUNT_KINDS.includes(activeKind);
  // Amount kinds: one product per SIM type at most (MCI prepaid list, postpaid range); the first by default.
  const product = ofKind.find((p) => p.id === productId) ?? (isAmountKind ? ofKind[0] : undefined) ?? null;
  const typed = tomanToRials(amountText);
  const amount: bigint | null = product?.price != null ? BigInt(product.price) : typeof typed === 'bigint' ? typed : null;

  const durations = [...new Set(ofKind.map((p) => p.durationDays).filter((d): d is number => d !== null))].sort((a, b) => a - b);
  const volumeBucket = (mb: number | null) => (mb === null ? null : mb <= 2048 ? 's' : mb <= 10_240 ? 'm' : 'l');
  const packages =
    activeKind === 'package'
      ? ofKind.filter((p) => (duration === null || p.durationDays === duration) && (volume === null || volumeBucket(p.volumeMb) === volume))
      : ofKind;

  const money = (rials: bigint) => formatAmount(rials, locale, 'toman');
  const rialsText = (rials: bigint) => formatAmount(rials, locale, 'rial');
  const message = (key: string | undefined) => (key ? (t.has(`errors.${key}`) ? t(`errors.${key}` as 'errors.unknown') : t('errors.unknown')) : undefined);
  const clear = (...fields: Fields[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k as Fields))));

  function check(): Partial<Record<Fields, string>> {
    const out: Partial<Record<Fields, string>> = {};
    if (!mobile.trim()) out.mobile = 'required';
    else if (mobile.length > 40) out.mobile = 'tooLong';
    else if (!normalizeIranMobile(mobile)) out.mobile = 'mobileInvalid';
    else if (!operator) out.operator = 'operatorUnknown';
    if (operator && !out.mobile) {
      if (!product) out.product = 'productRequired';
      else if (isAmountKind) {
        if (typed === 'invalid') out.amount = 'amountInvalid';
        else if (amount === null) out.amount = 'amountRequired';
        else if (!allowed(product, amount)) out.amount = 'amountNotAllowed';
      }
    }
    return out;
  }

  function onContinue(e: React.FormEvent) {
    e.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`f-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setStep('confirm');
  }

  async function onPay() {
    setPending(true);
    setErrors({});
    let r: Answer;
    try {
      r = await action({ handle, mobile, operator, productId: product?.id ?? null, amount: amount?.toString() ?? null });
    } catch {
      setErrors({ form: 'network' });
      setPending(false);
      return;
    }
    if (r.ok && r.data) {
      await navigateAway(`/pay/go/${r.data.paymentId}`);
      return;
    }
    const next: Partial<Record<Fields, string>> = {};
    if (!r.ok) {
      for (const [k, v] of Object.entries(r.fieldErrors ?? {})) next[FIELD_OF[k] ?? FIELD_OF[v] ?? 'form'] ??= v;
      if (r.error) next[FIELD_OF[r.error] ?? 'form'] ??= r.error;
    }
    setErrors(Object.keys(next).length ? next : { form: 'unknown' });
    setPending(false);
    setStep('form');
  }

  const operatorName = (o: string) => t(`operators.${o}` as 'operators.mci');
  const mb = (n: number) => (n >= 1024 && n % 1024 === 0 ? t('gb', { n: localDigits(n / 1024, locale) }) : t('mb', { n: localDigits(n, locale) }));
  const chip = (on: boolean) =>
    `inline-flex min-h-11 cursor-pointer items-center rounded-full border px-4 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 ${
      on ? 'border-brand-600 bg-brand-600 font-semibold text-white' : 'border-slate-300 bg-white text-ink hover:bg-slate-50'
    }`;

  if (step === 'confirm' && product && operator && amount !== null) {
    const rows: [string, React.ReactNode, string][] = [
      [
        t('mobile'),
        <bdi key="m" dir="ltr">
          {localDigits(normalizeIranMobile(mobile) ?? mobile, locale)}
        </bdi>,
        'mobile',
      ],
      [t('operator'), operatorName(operator), 'operator'],
      [t('product'), product.title, 'product'],
      [t('payable'), `${money(amount)} (${rialsText(amount)})`, 'amount'],
    ];
    return (
      <section aria-labelledby="confirm-title" data-testid="topup-confirm">
        <h2 id="confirm-title" className="text-lg font-bold">
          {t('confirmTitle')}
        </h2>
        <dl className="mt-4 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
          {rows.map(([k, v, id]) => (
            <div key={id} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-medium" data-testid={`confirm-${id}`}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm text-muted">{t('confirmNote')}</p>
        <div className="mt-5 flex gap-3">
          <Button type="button" className="flex-1" pending={pending} onClick={onPay} data-testid="topup-pay">
            {t('pay')}
          </Button>
          <Button type="button" variant="secondary" disabled={pending} onClick={() => setStep('form')}>
            {t('edit')}
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form onSubmit={onContinue} noValidate className="flex flex-col gap-5" data-testid="topup-form">
      <Field
        label={t('mobile')}
        name="mobile"
        type="tel"
        autoComplete="tel-national"
        digits
        value={mobile}
        onChange={(e) => {
          setMobile(e.target.value);
          clear('mobile', 'operator', 'form');
        }}
        placeholder="09xxxxxxxxx"
        hint={t('mobileHint')}
        error={message(errors.mobile)}
      />

      <fieldset aria-describedby={errors.operator ? 'f-operator-error' : 'operator-hint'}>
        <legend className="text-sm font-medium text-ink">{t('operator')}</legend>
        <div className="mt-2 flex flex-wrap gap-2" id="f-operator" tabIndex={-1}>
          {operators.map((o) => (
            <label key={o} className={chip(operator === o)} data-testid={`operator-${o}`}>
              <input
                type="radio"
                name="operator"
                value={o}
                className="sr-only"
                checked={operator === o}
                onChange={() => {
                  setChosenOperator(o);
                  setProductId(null);
                  clear('operator', 'product', 'amount');
                }}
              />
              {operatorName(o)}
            </label>
          ))}
        </div>
        <p id="operator-hint" className="mt-1.5 text-xs text-muted" data-testid="operator-hint">
          {detected ? t('detected', { operator: operatorName(detected) }) : t('chooseOperator')}
        </p>
        {errors.operator && (
          <FieldError id="f-operator-error" testId="error-operator">
            {message(errors.operator)}
          </FieldError>
        )}
      </fieldset>

      {operator && (
        <fieldset>
          <legend className="text-sm font-medium text-ink">{t('whatToBuy')}</legend>
          {kinds.length === 0 ? (
            <p className="mt-2 text-sm text-muted">{t('noProducts')}</p>
          ) : (
            <div className="mt-2 flex flex-wrap gap-2">
              {kinds.map((k) => (
                <label key={k} className={chip(activeKind === k)} data-testid={`kind-${k}`}>
                  <input
                    type="radio"
                    name="kind"
                    value={k}
                    className="sr-only"
                    checked={activeKind === k}
                    onChange={() => {
                      setKind(k);
                      setProductId(null);
                      clear('product', 'amount');
                    }}
                  />
                  {t(`kinds.${k}`)}
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}

      {operator && isAmountKind && product && (
        <div className="flex flex-col gap-4">
          {ofKind.length > 1 && (
            <fieldset>
              <legend className="text-sm font-medium text-ink">{t('plan')}</legend>
              <div className="mt-2 flex flex-wrap gap-2">
                {ofKind.map((p) => (
                  <label key={p.id} className={chip(product.id === p.id)}>
                    <input
                      type="radio"
                      name="plan"
                      value={p.id}
                      className="sr-only"
                      checked={product.id === p.id}
                      onChange={() => {
                        setProductId(p.id);
                        clear('amount', 'product');
                      }}
                    />
                    {t(`simTypes.${p.simType}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <fieldset>
            <legend className="text-sm font-medium text-ink">{t('quickAmounts')}</legend>
            <div className="mt-2 flex flex-wrap gap-2">
              {quickAmounts(product).map((a) => (
                <label key={a.toString()} className={chip(amount === a)} data-testid={`quick-${a}`}>
                  <input
                    type="radio"
                    name="quick"
                    value={a.toString()}
                    className="sr-only"
                    checked={amount === a}
                    onChange={() => {
                      setAmountText(localDigits((a / 10n).toString(), locale));
                      clear('amount');
                    }}
                  />
                  {money(a)}
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            label={t('amount')}
            name="amount"
            digits
            autoComplete="off"
            value={amountText}
            onChange={(e) => {
              setAmountText(e.target.value);
              clear('amount', 'form');
            }}
            hint={
              <>
                <span data-testid="amount-rule">
                  {product.amounts?.length
                    ? t('ruleList', { amounts: product.amounts.map((a) => money(BigInt(a))).join(locale === 'fa' ? '، ' : ', ') })
                    : product.step
                      ? t('ruleRange', {
                          min: money(BigInt(product.minAmount ?? '0')),
                          max: money(BigInt(product.maxAmount ?? '0')),
                          step: money(BigInt(product.step)),
                        })
                      : t('ruleRangeNoStep', { min: money(BigInt(product.minAmount ?? '0')), max: money(BigInt(product.maxAmount ?? '0')) })}
                </span>
                {amount !== null && <span className="block">{t('inRials', { rials: rialsText(amount) })}</span>}
              </>
            }
            error={message(errors.amount)}
          />
        </div>
      )}

      {operator && activeKind && !isAmountKind && (
        <div className="flex flex-col gap-3">
          {activeKind === 'package' && (
            <div className="flex flex-col gap-3 rounded-xl bg-white p-3 ring-1 ring-slate-200" role="group" aria-label={t('filters')}>
              <fieldset>
                <legend className="text-xs font-medium text-muted">{t('duration')}</legend>
                <div className="mt-1.5 flex flex-wrap gap-2">
                  {[null, ...durations].map((d) => (
                    <label key={d ?? 'all'} className={chip(duration === d)} data-testid={`duration-${d ?? 'all'}`}>
                      <input type="radio" name="duration" className="sr-only" checked={duration === d} onChange={() => setDuration(d)} />
                      {d === null ? t('all') : t('days', { n: d })}
                    </label>
                  ))}
                </div>
              </fieldset>
              <fieldset>
                <legend className="text-xs font-medium text-muted">{t('volume')}</legend>
                <div className="mt-1.5 flex flex-wrap gap-2">
                  {([null, 's', 'm', 'l'] as const).map((v) => (
                    <label key={v ?? 'all'} className={chip(volume === v)} data-testid={`volume-${v ?? 'all'}`}>
                      <input type="radio" name="volume" className="sr-only" checked={volume === v} onChange={() => setVolume(v)} />
                      {v === null ? t('all') : v === 's' ? t('volumeUpTo2') : v === 'm' ? t('volume2to10') : t('volumeOver10')}
                    </label>
                  ))}
                </div>
              </fieldset>
            </div>
          )}
          <fieldset aria-describedby={errors.product ? 'f-product-error' : undefined}>
            <legend className="sr-only">{t(`kinds.${activeKind}`)}</legend>
            <div className="grid gap-2" id="f-product" tabIndex={-1}>
              {packages.length === 0 && <p className="text-sm text-muted">{t('noPackages')}</p>}
              {packages.map((p) => (
                <label
                  key={p.id}
                  className={`flex cursor-pointer items-center justify-between gap-3 rounded-xl border bg-white p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 ${
                    product?.id === p.id ? 'border-brand-600 ring-2 ring-brand-600' : 'border-slate-200 hover:border-slate-300'
                  }`}
                  data-testid="product-card"
                  data-product={p.id}
                >
                  <input
                    type="radio"
                    name="product"
                    value={p.id}
                    className="sr-only"
                    checked={product?.id === p.id}
                    onChange={() => {
                      setProductId(p.id);
                      clear('product', 'form');
                    }}
                  />
                  <span className="min-w-0">
                    <span className="block font-semibold">{p.title}</span>
                    {(p.volumeMb !== null || p.durationDays !== null) && (
                      <span className="mt-0.5 block text-sm text-muted">
                        {[p.volumeMb !== null ? mb(p.volumeMb) : null, p.durationDays !== null ? t('days', { n: p.durationDays }) : null]
                          .filter(Boolean)
                          .join(' · ')}
                        {p.simType === 'postpaid' ? ` · ${t('simTypes.postpaid')}` : ''}
                      </span>
                    )}
                  </span>
                  {p.price !== null && (
                    <span className="shrink-0 text-end">
                      <span className="block font-bold text-brand-700">{money(BigInt(p.price))}</span>
                      <span className="block text-xs text-muted">{rialsText(BigInt(p.price))}</span>
                    </span>
                  )}
                </label>
              ))}
            </div>
            {errors.product && (
              <FieldError id="f-product-error" testId="error-product">
                {message(errors.product)}
              </FieldError>
            )}
          </fieldset>
        </div>
      )}

      {errors.product && isAmountKind && (
        <FieldError id="f-product-error" testId="error-product">
          {message(errors.product)}
        </FieldError>
      )}

      <div aria-live="polite" className="min-h-0">
        {errors.form && (
          <p className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="form-error">
            {message(errors.form)}
          </p>
        )}
      </div>

      <Button type="submit" className="w-full" data-testid="topup-continue">
        {t('continue')}
      </Button>
    </form>
  );
}
