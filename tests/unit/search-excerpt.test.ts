/** The excerpt of a search result (site/src/lib/archive-search/excerpt.ts). */
import { expect, it } from 'vitest';
import { excerpt } from '../../site/src/lib/archive-search/excerpt.ts';
import { foldedWord, queryWords } from '../../site/src/lib/archive-search/words.ts';
import { seededRandom } from '../support/seeded-random.ts';

const shown = (parts: ReturnType<typeof excerpt>) => parts.map((p) => (p.marked ? `[${p.text}]` : p.text)).join('');

it('marks the asked words however they were typed, folded as the index folds them', () => {
  expect(shown(excerpt('Cả nước có 5.248.607 đảng viên, Đảng bộ tỉnh dẫn đầu.', 'dang vien'))).toBe(
    'Cả nước có 5.248.607 [đảng] [viên], [Đảng] bộ tỉnh dẫn đầu.',
  );
  expect(shown(excerpt('Làm đường ở xã Vĩnh Lợi', 'ĐƯỜNG vĩnh'))).toBe('Làm [đường] ở xã [Vĩnh] Lợi');
});

it('shows the stretch around the first asked word of a long text, with ellipses where it is cut', () => {
  const words = Array.from({ length: 100 }, (_, i) => `từ${i}`);
  words[60] = 'muối';
  const parts = shown(excerpt(words.join(' '), 'muoi', 10));
  expect(parts).toBe('… từ52 từ53 từ54 từ55 từ56 từ57 từ58 từ59 [muối] từ61 …');
  // Nothing asked is in the text: its beginning.
  expect(shown(excerpt(words.join(' '), 'không', 3))).toBe('từ0 từ1 từ2 …');
  expect(excerpt('', 'muoi')).toEqual([]);
});

it('keeps markup in an article’s text as text', () => {
  expect(excerpt('<script>alert(1)</script> muối', 'muoi')).toEqual([
    { text: '<script>alert(1)</script> ', marked: false },
    { text: 'muối', marked: true },
  ]);
});

/** The excerpt as first written: every word of the text split and folded, then the window taken. The reader's page reads less (excerpt.ts). */
function wholeTextExcerpt(text: string, typed: string, length = 30) {
  const asked = new Set(queryWords(typed).map((w) => w.folded));
  const pieces = text.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+/gu) ?? [];
  const isWord = (at: number) => /^[\p{L}\p{M}\p{N}]/u.test(pieces[at] ?? '');
  const words = pieces.flatMap((_, at) => (isWord(at) ? [at] : []));
  const isAsked = (at: number) => asked.has(foldedWord(pieces[at] ?? ''));
  const first = words.findIndex(isAsked);
  const from = Math.max(0, Math.min(first < 0 ? 0 : first - 8, words.length - length));
  const to = Math.min(words.length, from + length);
  if (to <= from) return '';
  const start = from === 0 ? 0 : words[from]!;
  const end = to === words.length ? pieces.length - 1 : words[to - 1]!;
  let out = from > 0 ? '… ' : '';
  for (let at = start; at <= end; at++) out += isWord(at) && isAsked(at) ? `[${pieces[at]}]` : pieces[at];
  return out + (to < words.length ? ' …' : '');
}

const excerptSeed = process.env.TT_EXCERPT_SEED ? Number(process.env.TT_EXCERPT_SEED) : Date.now() % 1_000_000;

it(`gives what reading the whole text gives, on random texts and queries (seed ${excerptSeed})`, () => {
  const random = seededRandom(excerptSeed);
  // Decomposed spellings too: texts and queries are composed (NFC) before they are compared.
  const vocabulary = [
    'đảng',
    'Đảng',
    'dang',
    'viên',
    'vien',
    'đường',
    'dương',
    'Vĩnh',
    'Lợi',
    'muối',
    'tôm',
    '2024',
    'x̃a',
    'cá',
    'đảng'.normalize('NFD'),
    'Vĩnh'.normalize('NFD'),
  ];
  const gaps = [' ', ', ', '. ', ' – ', '\n', ' (', ') '];
  for (let round = 0; round < 400; round++) {
    const count = random.int(80);
    let text = random.int(3) === 0 ? gaps[random.int(gaps.length)]! : '';
    for (let i = 0; i < count; i++) text += vocabulary[random.int(vocabulary.length)]! + gaps[random.int(gaps.length)]!;
    const typed = Array.from({ length: 1 + random.int(3) }, () => random.pick(vocabulary)).join(' ');
    const length = 1 + random.int(40);
    expect(shown(excerpt(text, typed, length)), `seed ${excerptSeed}, round ${round}: ${JSON.stringify({ text, typed, length })}`).toBe(
      wholeTextExcerpt(text, typed, length),
    );
  }
});
