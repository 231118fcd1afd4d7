import { describe, expect, it } from 'vitest';
import { i18n } from './index';
import { en } from './en';
import { sw } from './sw';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as [dotted key, text]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return typeof value === 'string' ? [[path, value]] : leaves(value, path);
  });
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort();

// errors.<CODE> pass core's English message through in English ("{{message}}"); Swahili says what the
// code means in its own words instead, so it may leave the English message out.
const MAY_DROP_MESSAGE = /^errors\.[A-Z_]+$/;

describe('translations', () => {
  const english = new Map(leaves(en));
  const swahili = new Map(leaves(sw));

  it('Swahili has exactly the keys of English', () => {
    expect([...swahili.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty text in either language', () => {
    const empty = [...leaves(en), ...leaves(sw)].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const mismatched = [...english].filter(([key, text]) => {
      const other = swahili.get(key) ?? '';
      if (MAY_DROP_MESSAGE.test(key)) return variables(other).some((name) => !variables(text).includes(name));
      return variables(other).join() !== variables(text).join();
    });
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('gives plural keys both forms', () => {
    const plurals = [...english.keys()].filter((key) => key.endsWith('_one'));
    expect(plurals.length).toBeGreaterThan(0);
    for (const key of plurals) expect(english.has(key.replace(/_one$/, '_other'))).toBe(true);
  });

  it('types its keys: a misspelt key fails typecheck (tsc -p tsconfig.web.json)', () => {
    // @ts-expect-error — no such key; if this line stops being an error, key typing is off.
    const misspelt = i18n.t('clinical.queueScreen.queu');
    expect(misspelt).toBe('clinical.queueScreen.queu');
    expect(i18n.t('clinical.queueScreen.queue', { lng: 'sw' })).toBe('Foleni');
    expect(i18n.t('clinical.text.patientsWaiting', { count: 2, lng: 'en' })).toBe('2 patients waiting');
  });
});
