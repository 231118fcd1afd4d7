import type { Diagnosis } from '../../../shared/api/reference';

/**
 * Diagnosis search for a picker that runs on every keystroke.
 *
 * Matching is case- and accent-insensitive, ignores British/American spelling
 * pairs (ae/e, oe/e: anaemia = anemia, diarrhoea = diarrhea) and word order:
 * every word of the query must start a word of the label, a synonym, the code
 * or an ICD-10 code (`b54`, `b50.9` or `b509`). Words of four letters or more
 * may also match inside a word, ranked last.
 *
 * Ranking, best first: the whole query equals the label, a synonym or an
 * ICD-10 code; the label starts with the query; every query word starts a
 * label word; a synonym or ICD-10 code starts with the query; every word
 * starts a word of the label, synonyms or codes; then inner matches. Ties go
 * to the shorter label, then A–Z.
 */
export type DiagnosisSearch = (query: string, limit?: number) => Diagnosis[];

export const DEFAULT_SEARCH_LIMIT = 20;

/** Lower-case, without accents, apostrophes or punctuation (dots kept for ICD-10 codes), single spaces. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/(^|\s)\.+|\.+(?=\s|$)/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** British spellings folded to American ones (anaemia → anemia, diarrhoea → diarrhea, oedema → edema). */
function fold(normalized: string): string {
  return normalized.replace(/ae/g, 'e').replace(/oe/g, 'e');
}

/** The text as typed and folded: both are indexed so that a half-typed "diarrho" and "diarrhe" both match. */
function forms(normalized: string): string[] {
  const folded = fold(normalized);
  return folded === normalized ? [normalized] : [normalized, folded];
}

function words(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

interface Indexed {
  diagnosis: Diagnosis;
  /** The label for ordering results. */
  sortLabel: string;
  labels: string[];
  labelWords: string[];
  /** Whole phrases that an exact or prefix query may equal: synonyms and ICD-10 codes (with and without the dot). */
  phrases: string[];
  /** Every word of synonyms, the code and ICD-10 codes. */
  otherWords: string[];
}

const RANK = { exact: 0, labelPrefix: 1, labelWords: 2, phrasePrefix: 3, anyWords: 4, inner: 5 } as const;
const MIN_INNER_MATCH = 4;
type Rank = (typeof RANK)[keyof typeof RANK];

function index(diagnosis: Diagnosis): Indexed {
  const label = normalizeSearchText(diagnosis.label);
  const labels = forms(label);
  const icd = diagnosis.icd10.flatMap((code) => {
    const normalized = normalizeSearchText(code);
    return [normalized, normalized.replace('.', '')];
  });
  const synonyms = diagnosis.synonyms.flatMap((synonym) => forms(normalizeSearchText(synonym))).filter((s) => s !== '');
  const code = normalizeSearchText(diagnosis.code.replace(/-/g, ' '));
  const phrases = [...new Set([...synonyms, ...icd])];
  return {
    diagnosis,
    sortLabel: label,
    labels,
    labelWords: [...new Set(labels.flatMap(words))],
    phrases,
    otherWords: [...new Set([...phrases.flatMap(words), ...forms(code).flatMap(words)])],
  };
}

const startsWithAny = (candidates: readonly string[], prefixes: readonly string[]) =>
  candidates.some((candidate) => prefixes.some((prefix) => candidate.startsWith(prefix)));

function rank(entry: Indexed, queries: readonly string[], queryWords: readonly (readonly string[])[]): Rank | null {
  if (queries.some((query) => entry.labels.includes(query) || entry.phrases.includes(query))) return RANK.exact;
  if (startsWithAny(entry.labels, queries)) return RANK.labelPrefix;
  if (queryWords.every((word) => startsWithAny(entry.labelWords, word))) return RANK.labelWords;
  if (startsWithAny(entry.phrases, queries)) return RANK.phrasePrefix;

  let allPrefixes = true;
  for (const word of queryWords) {
    if (startsWithAny(entry.labelWords, word) || startsWithAny(entry.otherWords, word)) continue;
    allPrefixes = false;
    const inner =
      (word[0]?.length ?? 0) >= MIN_INNER_MATCH &&
      [...entry.labelWords, ...entry.otherWords].some((candidate) => word.some((form) => candidate.includes(form)));
    if (!inner) return null;
  }
  return allPrefixes ? RANK.anyWords : RANK.inner;
}

export function createDiagnosisSearch(diagnoses: readonly Diagnosis[]): DiagnosisSearch {
  const entries = diagnoses.map(index);
  return (rawQuery, limit = DEFAULT_SEARCH_LIMIT) => {
    const query = normalizeSearchText(rawQuery);
    if (query === '' || limit <= 0) return [];
    const queries = forms(query);
    const queryWords = words(query).map(forms);
    const hits: { entry: Indexed; rank: Rank }[] = [];
    for (const entry of entries) {
      const found = rank(entry, queries, queryWords);
      if (found !== null) hits.push({ entry, rank: found });
    }
    hits.sort(
      (a, b) =>
        a.rank - b.rank ||
        a.entry.sortLabel.length - b.entry.sortLabel.length ||
        a.entry.sortLabel.localeCompare(b.entry.sortLabel),
    );
    return hits.slice(0, limit).map((hit) => hit.entry.diagnosis);
  };
}
