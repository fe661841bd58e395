import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { locales, type Locale } from './config';

/**
 * The message catalogues: English is the reference. Every other language has exactly its keys
 * (a missing one would show the raw key on a page; an extra one is a typo'd or stale key), each
 * message parses as ICU, and uses the same arguments — `{name}` spelt the same, plurals and
 * selects over the same argument with the same type, and a plural's `other` always there — so a
 * translated sentence can never drop or invent a value the code passes.
 */
const catalogues: Record<Locale, unknown> = { fa, en, tr };

type Leaf = string | number | boolean | null;

/** Every leaf by its dotted path (arrays by index, as `t.raw` lists are). */
export function leaves(node: unknown, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, node as Leaf);
  return out;
}

/**
 * The arguments a message uses (by name) and its rich-text tags (`<b>`). Only names: a language
 * may need a plural where another needs none (Persian and Turkish count with the singular), so
 * `{count, plural, …}` in English and `{count}` in Turkish are the same argument. The parser
 * refuses a broken message, and a plural or select without `other`.
 */
export function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) found.add(el.value);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.add(el.value);
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.tag) {
        found.add(`<${el.value}>`);
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const reference = leaves(en);

/**
 * Messages whose arguments differ from English on purpose, with the arguments they use instead:
 * the code passes both (`count` for English's plural, `n` the count in Persian digits).
 */
const ALLOWED: Partial<Record<Locale, Record<string, string[]>>> = {
  fa: {
    'topupBulk.rowsCount': ['n'],
    'topupBulk.invalidRows': ['n'],
    'topupBulk.confirmText': ['n', 'total'],
  },
};

describe('message catalogues', () => {
  it('has every language the interface offers', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...locales].sort());
  });

  for (const locale of locales.filter((l) => l !== 'en')) {
    describe(locale, () => {
      const mine = leaves(catalogues[locale]);

      it('has every English key and no other', () => {
        const missing = [...reference.keys()].filter((k) => !mine.has(k));
        const extra = [...mine.keys()].filter((k) => !reference.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('has no empty message where English has text', () => {
        const empty = [...reference]
          .filter(([k, v]) => typeof v === 'string' && v.trim() !== '' && typeof mine.get(k) === 'string' && (mine.get(k) as string).trim() === '')
          .map(([k]) => k);
        expect(empty).toEqual([]);
      });

      it("parses as ICU and uses exactly English's arguments", () => {
        const wrong: string[] = [];
        for (const [key, text] of reference) {
          const theirs = mine.get(key);
          if (typeof text !== 'string' || typeof theirs !== 'string') continue;
          let got: string[];
          try {
            got = argumentsOf(theirs);
          } catch (e) {
            wrong.push(`${key}: does not parse (${(e as Error).message})`);
            continue;
          }
          const want = ALLOWED[locale]?.[key] ?? argumentsOf(text);
          if (got.join(' ') !== want.join(' ')) wrong.push(`${key}: ${got.join(' ') || '—'} ≠ en ${want.join(' ') || '—'}`);
        }
        expect(wrong).toEqual([]);
      });
    });
  }

  it('the argument check sees a renamed argument, a lost tag and a broken message', () => {
    const en = '{count, plural, one {<b>#</b> day} other {<b>#</b> days}} for {name}';
    expect(argumentsOf(en)).toEqual(['<b>', 'count', 'name']);
    expect(argumentsOf('{name} için <b>{count}</b> gün')).toEqual(argumentsOf(en));
    expect(argumentsOf('{ad} için <b>{count}</b> gün')).not.toEqual(argumentsOf(en));
    expect(argumentsOf('{name} için {count} gün')).not.toEqual(argumentsOf(en));
    expect(() => argumentsOf('{name')).toThrow();
    expect(() => argumentsOf('{n, plural, one {x}}')).toThrow();
  });
});
