/** The excerpt of a search result (site/src/lib/archive-search/excerpt.ts). */
import { expect, it } from 'vitest';
import { excerpt } from '../../site/src/lib/archive-search/excerpt.ts';

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
