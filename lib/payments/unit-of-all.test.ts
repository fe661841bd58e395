import { describe, expect, it } from 'vitest';
import { unitOfAll, type PlatformBalance } from './balances';

const b = (unit: 'rial' | 'toman', unitChosen: boolean): PlatformBalance => ({
  platformId: 'p',
  name: 'n',
  pending: 0n,
  withdrawable: 0n,
  fees: 0n,
  unit,
  unitChosen,
});

describe('the unit of sums over platforms', () => {
  it('is Toman when every platform that chose a unit chose Toman; platforms without a payment link have no say', () => {
    expect(unitOfAll([b('toman', true), b('rial', false), b('rial', false)])).toBe('toman');
    expect(unitOfAll([b('toman', true), b('rial', true)])).toBe('rial');
    expect(unitOfAll([b('rial', false)])).toBe('rial');
    expect(unitOfAll([])).toBe('rial');
  });
});
