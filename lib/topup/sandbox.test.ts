import { describe, expect, it } from 'vitest';
import { OPERATORS, type ChargeInput } from './provider';
import { SANDBOX_PRODUCTS, SANDBOX_REFUSED_REASON, SANDBOX_TOPUP_RULES, SANDBOX_WALLET_BALANCE, sandboxProvider, sandboxRuleOf } from './sandbox';

const sandbox = sandboxProvider();
const order = (o: Partial<ChargeInput> = {}): ChargeInput => ({
  orderId: 'tp_sandbox_1',
  mobile: '09351234567',
  operator: 'irancell',
  upstreamId: 'sbx-irancell-direct',
  amount: 50_000n,
  kind: 'direct',
  ...o,
});

describe('sandbox top-up provider', () => {
  it('serves a fixed catalogue of every family, each labelled sandbox and internally consistent', async () => {
    const r = await sandbox.catalogue();
    if (!r.ok) throw new Error(r.reason);
    expect(r.products).toHaveLength(SANDBOX_PRODUCTS.length);
    const kinds = (op: string) => new Set(r.products.filter((p) => p.operator === op).map((p) => p.kind));
    expect(kinds('mci')).toEqual(new Set(['direct', 'pin', 'package']));
    expect(kinds('irancell')).toEqual(new Set(['direct', 'wonderful', 'pin', 'package']));
    expect(kinds('rightel')).toEqual(new Set(['direct', 'shoorangiz', 'package']));
    expect(new Set(r.products.map((p) => p.upstreamId)).size).toBe(r.products.length);
    for (const p of r.products) {
      expect(OPERATORS).toContain(p.operator);
      expect(p.titleFa).toContain('آزمایشی');
      expect(p.titleEn).toContain('sandbox');
      const ways = [p.price !== null, p.amounts !== null, p.minAmount !== null].filter(Boolean).length;
      expect(ways, p.upstreamId).toBe(1);
      if (p.minAmount !== null) expect(p.maxAmount! > p.minAmount, p.upstreamId).toBe(true);
      if (p.kind === 'package') expect([p.volumeMb! > 0, p.durationDays! > 0, p.price! > 0n]).toEqual([true, true, true]);
      else expect([p.volumeMb, p.durationDays]).toEqual([null, null]);
    }
    // A copy: a caller that edits it does not change the sandbox.
    r.products[0].amounts?.push(1n);
    const again = await sandbox.catalogue();
    expect(again.ok && again.products[0].amounts).toEqual(SANDBOX_PRODUCTS[0].amounts);
  });

  it('the rule table is what the provider does', async () => {
    expect(SANDBOX_TOPUP_RULES.map((r) => [r.suffix, r.charge, r.inquire])).toEqual([
      ['91', 'failed', 'failed'],
      ['92', 'pending', 'delivered'],
      ['93', 'unknown', 'delivered'],
      [null, 'delivered', 'delivered'],
    ]);
    for (const rule of SANDBOX_TOPUP_RULES) {
      const mobile = `093512345${rule.suffix ?? '00'}`;
      expect(sandboxRuleOf(mobile)).toBe(rule);
      expect((await sandbox.charge(order({ mobile }))).status, mobile).toBe(rule.charge);
      expect((await sandbox.inquire(order({ mobile }))).status, mobile).toBe(rule.inquire);
    }
  });

  it('…91 fails with the operator refusing; the rule reads Persian digits and +98 forms too', async () => {
    expect(await sandbox.charge(order({ mobile: '09351234591' }))).toMatchObject({ status: 'failed', reason: SANDBOX_REFUSED_REASON });
    expect((await sandbox.charge(order({ mobile: '+98 935 123 4591' }))).status).toBe('failed');
    expect((await sandbox.charge(order({ mobile: '۰۹۳۵۱۲۳۴۵۹۲' }))).status).toBe('pending');
  });

  it('is idempotent and stateless: the same order answers the same ref, inquiry included', async () => {
    const a = await sandbox.charge(order());
    const b = await sandbox.charge(order());
    const c = await sandbox.inquire(order());
    const other = await sandbox.charge(order({ orderId: 'tp_sandbox_2' }));
    expect(a.status === 'delivered' && b.status === 'delivered' && c.status === 'delivered' && other.status === 'delivered').toBe(true);
    if (a.status !== 'delivered' || b.status !== 'delivered' || c.status !== 'delivered' || other.status !== 'delivered') return;
    expect(a.ref).toMatch(/^SBX-\d{12}$/);
    expect([b.ref, c.ref]).toEqual([a.ref, a.ref]);
    expect(other.ref).not.toBe(a.ref);
    // …93 had no answer on the charge; its inquiry delivers with the ref any other call would give.
    const late = await sandbox.inquire(order({ orderId: 'tp_sandbox_3', mobile: '09351234593' }));
    expect(late).toMatchObject({ status: 'delivered', ref: expect.stringMatching(/^SBX-\d{12}$/) });
  });

  it('a PIN product returns a sandbox PIN, the same on inquiry, never whole in the log', async () => {
    const pinOrder = order({ mobile: '09121234567', operator: 'mci', upstreamId: 'sbx-mci-pin-100000', amount: 100_000n, kind: 'pin' });
    const a = await sandbox.charge(pinOrder);
    const b = await sandbox.inquire(pinOrder);
    if (a.status !== 'delivered' || b.status !== 'delivered') throw new Error('not delivered');
    expect(a.pin).toEqual({ code: expect.stringMatching(/^\d{16}$/), serial: expect.stringMatching(/^\d{10}$/) });
    expect(b.pin).toEqual(a.pin);
    expect(JSON.stringify(a.log)).not.toContain(a.pin!.code);
    const direct = await sandbox.charge(order());
    expect(direct.status === 'delivered' && direct.pin).toBeNull();
  });

  it('refuses what a provider would refuse: unknown product, another operator, wrong kind, amounts not allowed, bad numbers', async () => {
    const failed = async (o: Partial<ChargeInput>) => {
      const r = await sandbox.charge(order(o));
      return r.status === 'failed' ? r.reason : r.status;
    };
    expect(await failed({ upstreamId: 'nope' })).toMatch(/Unknown product/);
    expect(await failed({ operator: 'mci' })).toMatch(/another operator/);
    expect(await failed({ kind: 'wonderful' })).toMatch(/Wrong product kind/);
    expect(await failed({ amount: 4_000n })).toMatch(/Invalid amount/);
    expect(await failed({ amount: 2_001_000n })).toMatch(/Invalid amount/);
    expect(await failed({ amount: 50_500n })).toMatch(/Invalid amount/);
    expect(await failed({ upstreamId: 'sbx-irancell-wonderful', kind: 'wonderful', amount: 30_000n })).toMatch(/Invalid amount/);
    expect(await failed({ upstreamId: 'sbx-irancell-wonderful', kind: 'wonderful', amount: 20_000n })).toBe('delivered');
    expect(await failed({ upstreamId: 'sbx-irancell-pkg-6g-7d', kind: 'package', amount: 300_001n })).toMatch(/Invalid amount/);
    expect(await failed({ upstreamId: 'sbx-irancell-pkg-6g-7d', kind: 'package', amount: 300_000n })).toBe('delivered');
    expect(await failed({ mobile: '12345' })).toMatch(/Invalid mobile/);
    expect(await failed({ mobile: '9'.repeat(10_000) })).toMatch(/Invalid mobile/);
  });

  it('has a wallet that never runs out', async () => {
    expect(await sandbox.wallet()).toMatchObject({ ok: true, balance: SANDBOX_WALLET_BALANCE });
  });
});
