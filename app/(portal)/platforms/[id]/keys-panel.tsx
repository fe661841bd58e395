'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { SecretReveal } from '@/components/services/secret-reveal';
import { Button } from '@/components/ui/button';
import { Notice, OutcomeNotice } from '@/components/ui/notice';
import { ipAllowListSchema, keyRefSchema, platformRefSchema, rollKeySchema, setPausedSchema } from '@/lib/validation/platforms';
import { TwoFactorStepUp } from '@/components/two-factor/step-up';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { issueLiveKeyAction, revokeKeyAction, rollKeyAction, setIpAllowListAction, setPausedAction } from '../../services/actions';

export type KeyRow = {
  id: string;
  environment: 'test' | 'live';
  prefix: string;
  created: string;
  lastUsed: string;
  state: string;
  expires: string | null;
  ipAllowList: string;
};

type Reveal = (secret: { label: string; key: string }) => void;

export function KeysPanel({ platformId, keys, canIssueLive }: { platformId: string; keys: KeyRow[]; canIssueLive: boolean }) {
  const t = useTranslations('services');
  const tp = useTranslations('platformTabs');
  const [secret, setSecret] = useState<{ label: string; key: string } | null>(null);

  return (
    <div className="flex flex-col gap-4">
      {/* A new key in a panel of its own, above the list, until the merchant says it is saved. */}
      {secret && (
        <section aria-label={tp('newKeyTitle')} className="flex flex-col gap-2" data-testid="new-key-panel">
          <h3 className="text-sm font-semibold">{tp('newKeyTitle')}</h3>
          <SecretReveal label={secret.label} secret={secret.key} onDismiss={() => setSecret(null)} dismissText={tp('dismiss')} />
        </section>
      )}
      {canIssueLive && <IssueLiveKey platformId={platformId} onKey={setSecret} />}
      <ul className="flex flex-col gap-3">
        {keys.map((k) => {
          const usable = k.state === 'active' || k.state === 'expiring';
          return (
            <li key={k.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-testid={`key-${k.environment}`} data-state={k.state}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-semibold">
                  {t(`env.${k.environment}`)} · <code dir="ltr">{k.prefix}…</code>
                </p>
                <span className={`rounded-full px-2 py-0.5 text-xs ${usable ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-muted'}`}>
                  {t(`keyState.${k.state}`)}
                </span>
              </div>
              <p className="mt-1 text-xs text-muted">
                {t('createdAt', { date: k.created })} · {t('lastUsed', { date: k.lastUsed })}
                {k.expires && <> · {t('expiresAt', { date: k.expires })}</>}
              </p>
              {usable && <KeyActions keyRow={k} onKey={setSecret} />}
              {usable && <IpAllowList keyId={k.id} initial={k.ipAllowList} />}
              {usable && <RevokeKey keyRow={k} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function IssueLiveKey({ platformId, onKey }: { platformId: string; onKey: Reveal }) {
  const t = useTranslations('services');
  const router = useRouter();
  const { onSubmit, formError, formErrorKey, pending } = useActionForm({
    schema: platformRefSchema,
    defaultValues: { platformId },
    action: issueLiveKeyAction,
    onSuccess: (data) => {
      if (data) onKey({ label: t('liveKey'), key: data.key });
      router.refresh();
    },
  });
  return (
    <>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-2">
        <Button type="submit" className="self-start" pending={pending}>
          {t('issueLive')}
        </Button>
        <Notice tone="error" testId="keys-error">
          {formError}
        </Notice>
      </form>
      {formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={onSubmit} />}
    </>
  );
}

/** Roll one key, with a grace for the old one. */
function KeyActions({ keyRow, onKey }: { keyRow: KeyRow; onKey: Reveal }) {
  const t = useTranslations('services');
  const router = useRouter();
  const roll = useActionForm({
    schema: rollKeySchema,
    defaultValues: { keyId: keyRow.id, graceSeconds: '0' },
    action: rollKeyAction,
    onSuccess: (data) => {
      if (data) onKey({ label: t('newKeyFor', { env: t(`env.${keyRow.environment}`) }), key: data.key });
      router.refresh();
    },
  });
  return (
    <>
      <form noValidate onSubmit={roll.onSubmit} className="mt-3 flex flex-col gap-2">
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-xs">
            {t('grace')}
            <select className="min-h-10 rounded-lg border border-slate-300 bg-white px-2 text-sm" {...roll.form.register('graceSeconds')}>
              <option value="0">{t('graceNow')}</option>
              <option value="3600">{t('grace1h')}</option>
              <option value="86400">{t('grace24h')}</option>
            </select>
          </label>
          <Button type="submit" variant="secondary" pending={roll.pending}>
            {t('roll')}
          </Button>
        </div>
        <Notice tone="error" testId="keys-error">
          {roll.formError ?? roll.message(roll.form.formState.errors.graceSeconds?.message)}
        </Notice>
      </form>
      {/* Rolling a live key asks for a fresh authenticator code. */}
      {roll.formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={roll.onSubmit} />}
    </>
  );
}

/** Revoking, apart from the key's other actions at the foot of its card, and only after a confirm step that says what it does. */
function RevokeKey({ keyRow }: { keyRow: KeyRow }) {
  const tp = useTranslations('platformTabs');
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const revoke = useActionForm({
    schema: keyRefSchema,
    defaultValues: { keyId: keyRow.id },
    action: revokeKeyAction,
    onSuccess: () => {
      setAsking(false);
      router.refresh();
    },
  });
  return (
    <div className="mt-4 border-t border-slate-100 pt-3" data-testid="revoke-zone">
      {!asking ? (
        <Button type="button" variant="ghost" className="text-red-700" onClick={() => setAsking(true)}>
          {tp('revokeAsk')}
        </Button>
      ) : (
        <form noValidate onSubmit={revoke.onSubmit} className="flex flex-col gap-3 rounded-lg border border-red-200 bg-red-50 p-3" data-testid="revoke-confirm">
          <p className="text-sm text-red-900">
            {/* The Latin prefix isolated left-to-right (LRI … PDI) inside the Persian sentence. */}
            {tp('revokeWarning', { prefix: `\u2066${keyRow.prefix}\u2069` })}
          </p>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="danger" pending={revoke.pending}>
              {tp('revokeConfirm')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setAsking(false)}>
              {tp('cancel')}
            </Button>
          </div>
          <Notice tone="error">{revoke.formError}</Notice>
        </form>
      )}
    </div>
  );
}

function IpAllowList({ keyId, initial }: { keyId: string; initial: string }) {
  const t = useTranslations('services');
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: ipAllowListSchema,
    defaultValues: { keyId, ips: initial },
    action: setIpAllowListAction,
    onSuccess: () => setSaved(true),
  });
  const error = formError ?? message(form.formState.errors.ips?.message);
  return (
    <form
      noValidate
      className="mt-3 flex flex-col gap-1.5"
      onSubmit={(e) => {
        setSaved(false);
        return onSubmit(e);
      }}
    >
      <label htmlFor={`ips-${keyId}`} className="text-xs font-medium">
        {t('ipAllowList')}
      </label>
      <textarea
        id={`ips-${keyId}`}
        {...form.register('ips')}
        dir="ltr"
        rows={2}
        className="rounded-lg border border-slate-300 bg-white p-2 text-sm"
        placeholder="203.0.113.10"
        maxLength={2000}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="ghost" pending={pending}>
          {t('saveIps')}
        </Button>
        <OutcomeNotice error={error} done={saved ? t('saved') : null} />
      </div>
    </form>
  );
}

export function PauseButton({ platformId, paused }: { platformId: string; paused: boolean }) {
  const t = useTranslations('services');
  const router = useRouter();
  const { onSubmit, formError, pending } = useActionForm({
    schema: setPausedSchema,
    defaultValues: { platformId, paused: !paused },
    // The page re-renders with the new state after each change; the form's values would not.
    action: (v) => setPausedAction({ ...v, paused: !paused }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-2">
      <Button type="submit" variant="secondary" className="self-start" pending={pending}>
        {paused ? t('resume') : t('pause')}
      </Button>
      <Notice tone="error">{formError}</Notice>
    </form>
  );
}
