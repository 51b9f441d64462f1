/**
 * The search page's query rules (site/src/scripts/search-ranking.ts): which Pagefind queries a
 * typed query becomes, and how their results are ordered. The same cases run end to end in
 * Chromium in tests/site/site-build.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mergeCandidates, newerFirstAtEqualRelevance, queryVariants } from '../../site/src/scripts/search-ranking.ts';

describe('queryVariants', () => {
  it.each([
    {
      typed: 'dang vien',
      expected: [
        ['dang vien', 0],
        ['đang vien', 0],
      ],
    },
    {
      typed: 'đường',
      expected: [
        ['đường', 0],
        ['dường', 1],
      ],
    },
    {
      typed: 'Đảng viên',
      expected: [
        ['Đảng viên', 0],
        ['Dảng viên', 1],
      ],
    },
    { typed: 'giao thông', expected: [['giao thông', 0]] },
    { typed: '  ', expected: [] },
    { typed: 'dd dd dd dd', expected: null },
  ])('$typed', ({ typed, expected }) => {
    const variants = queryVariants(typed).map((v) => [v.query, v.tier]);
    if (expected === null) {
      // Only the first three words starting with d are asked both ways: 2^3 queries at most.
      expect(variants).toHaveLength(8);
      expect(variants.every(([q]) => String(q).endsWith(' dd'))).toBe(true);
    } else expect(variants).toEqual(expected);
  });
});

describe('mergeCandidates', () => {
  const c = (id: string, tier: 0 | 1, score: number) => ({ id, tier, score, item: id });
  it.each([
    { why: 'a result found as typed goes before any found only by a variant', lists: [[c('a', 0, 1)], [c('b', 1, 9)]], order: ['a', 'b'] },
    { why: 'a page found both ways keeps its best tier and score', lists: [[c('a', 0, 2)], [c('a', 1, 9), c('b', 1, 3)]], order: ['a', 'b'] },
    { why: 'within a tier, the higher score first', lists: [[c('a', 0, 1), c('b', 0, 5)]], order: ['b', 'a'] },
    { why: 'at equal score, the order Pagefind gave', lists: [[c('x', 0, 2), c('y', 0, 2)]], order: ['x', 'y'] },
  ])('$why', ({ lists, order }) => {
    expect(mergeCandidates(lists).map((m) => m.id)).toEqual(order);
  });
});

describe('newerFirstAtEqualRelevance', () => {
  it('orders only runs of equal tier and score by date', () => {
    const shown = [
      { id: 'old', tier: 0, score: 2, published: '2018-03-01T09:00:00+07:00' },
      { id: 'new', tier: 0, score: 2 + 1e-9, published: '2018-09-01T09:00:00+07:00' },
      { id: 'best-but-oldest', tier: 0, score: 1, published: '2001-01-01T09:00:00+07:00' },
      { id: 'newest-lower-tier', tier: 1, score: 9, published: '2026-01-01T09:00:00+07:00' },
    ];
    expect(newerFirstAtEqualRelevance(shown).map((s) => s.id)).toEqual(['new', 'old', 'best-but-oldest', 'newest-lower-tier']);
  });
});
