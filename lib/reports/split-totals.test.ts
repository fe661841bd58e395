import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { splitTotalsWorkbook, type SplitTotalsLabels } from './split-totals';

const labels: SplitTotalsLabels = {
  sheet: 'Totals',
  title: 'Totals of Bazaar',
  party: 'Party',
  ownShare: "marketplace's share",
  invoices: 'Invoices',
  shares: 'Shares',
  fees: 'Fees',
  refunded: 'Refunded',
  net: 'Net',
  settled: 'Settled',
  total: 'Total',
};

describe('splitTotalsWorkbook', () => {
  it('writes one row per party, the marketplace first, then the sum, amounts as numbers', async () => {
    const buf = await splitTotalsWorkbook(
      [
        { beneficiaryId: null, name: null, invoices: 2, shares: 1_600n, fees: 26n, refunded: 0n, settled: 774n },
        { beneficiaryId: 'b1', name: 'Seller', invoices: 2, shares: 600n, fees: 0n, refunded: 100n, settled: 300n },
      ],
      'Bazaar',
      labels,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(3).values).toEqual([undefined, 'Party', 'Invoices', 'Shares', 'Fees', 'Refunded', 'Net', 'Settled']);
    expect(ws.getRow(4).values).toEqual([undefined, "Bazaar (marketplace's share)", 2, 1600, 26, 0, 1574, 774]);
    expect(ws.getRow(5).values).toEqual([undefined, 'Seller', 2, 600, 0, 100, 500, 300]);
    expect(ws.getRow(6).values).toEqual([undefined, 'Total', 2, 2200, 26, 100, 2074, 1074]);
  });

  it('keeps a name that looks like a formula as text, never a formula', async () => {
    const buf = await splitTotalsWorkbook(
      [{ beneficiaryId: 'b1', name: '=HYPERLINK("http://evil.example","x")', invoices: 1, shares: 10n, fees: 0n, refunded: 0n, settled: 0n }],
      'Bazaar',
      labels,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const cell = wb.worksheets[0].getRow(4).getCell(1);
    expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(cell.text).toBe('=HYPERLINK("http://evil.example","x")');
  });
});
