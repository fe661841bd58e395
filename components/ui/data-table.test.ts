import { describe, expect, it } from 'vitest';
import { cardRules } from './data-table';

describe('DataTable on a phone', () => {
  it('labels each cell by its column and puts the primary ones first, below md only', () => {
    const css = cardRules('dtx', ['Date', { label: 'Amount', primary: true }, { label: 'Status', primary: true }, 'Payer']);
    expect(css.startsWith('@media (max-width:767.98px){')).toBe(true);
    expect(css).toContain('[data-dt="dtx"] td:nth-child(1)::before{content:"Date"}');
    expect(css).toContain('[data-dt="dtx"] td:nth-child(4)::before{content:"Payer"}');
    expect(css).toContain('[data-dt="dtx"] td:nth-child(2){order:-1;');
    expect(css).toContain('[data-dt="dtx"] td:nth-child(3){order:-1;');
    expect(css).not.toContain('content:"Amount"');
    expect(css).toContain('[data-dt="dtx"] thead{position:absolute');
  });

  it('cannot be broken out of by a column name', () => {
    const css = cardRules('dtx', ['a"b\\c</style><script>']);
    expect(css).not.toContain('</style');
    expect(css).toContain('content:"a\\22 b\\5c c\\3c /style>\\3c script>"');
  });
});
