/** The content model's own questions and both halves of a textual attribute, without a CMS. */
import { describe, expect, it } from 'vitest';
import {
  article,
  attr,
  category,
  comment,
  MEDIA_FIELDS,
  mediaSchema,
  poll,
  requiredFields,
  requiredLinks,
  slugSource,
  tag,
  typeLabel,
  weatherNote,
} from '@tintinh/content-types';

describe('questions answered from the model', () => {
  it.each([
    [article, ['title', 'slug', 'category']],
    [poll, ['question', 'options']],
    [category, ['name', 'slug']],
    [weatherNote, ['region', 'forecast', 'issuedAt', 'validUntil']],
  ] as const)('%s requires what its definition marks required', (type, fields) => {
    expect(requiredFields(type)).toEqual(fields);
  });

  it('loads the required links (relations, components) a publish check reads', () => {
    expect(requiredLinks(article)).toEqual(['category']);
    expect(requiredLinks(poll)).toEqual(['options']);
    expect(requiredLinks(weatherNote)).toEqual([]);
  });

  it('finds where each slug comes from', () => {
    expect(slugSource(article)).toEqual({ field: 'slug', source: 'title' });
    expect(slugSource(tag)).toEqual({ field: 'slug', source: 'name' });
    expect(slugSource(comment)).toBeNull();
  });

  it('populates a cover with every media field the site validates, and links with their public fields', () => {
    const validated = Object.keys(mediaSchema.shape).filter((k) => k !== 'id' && k !== 'documentId');
    expect([...MEDIA_FIELDS].sort()).toEqual(validated.sort());
    expect(category.linkFields).toEqual(['name', 'slug', 'menuOrder', 'description']);
    expect(article.linkFields).not.toContain('reviewNote');
    expect(article.linkFields).not.toContain('cover');
    expect(article.linkFields).not.toContain('category');
  });

  it('names types for error messages', () => {
    expect([article, weatherNote].map(typeLabel)).toEqual(['Article', 'Weather note']);
  });
});

describe('a textual attribute: the zod half honours every bound of the Strapi half', () => {
  it('refuses a string longer than its PostgreSQL column can hold (varchar 255)', () => {
    expect(() => attr.string({ maxLength: 300 })).toThrow(/at most 255.*attr\.text/);
    expect(() => attr.string({})).toThrow(/maxLength/);
    expect(attr.text({ maxLength: 300 }).strapi.maxLength).toBe(300);
  });

  const field = attr.string({ required: true, minLength: 2, maxLength: 4, regex: '^[a-zđ🌾]*$' });

  it.each([
    ['', false],
    ['a', false],
    ['ab', true],
    ['đđđđ', true],
    ['abcde', false],
    ['AB', false],
    // Counted in UTF-16 units as Strapi counts: one emoji is two.
    ['🌾🌾', true],
    ['🌾🌾a', false],
  ])('%j → %s', (value, ok) => {
    expect(field.zod.safeParse(value).success).toBe(ok);
    expect(field.strapi).toMatchObject({ type: 'string', minLength: 2, maxLength: 4, regex: '^[a-zđ🌾]*$' });
  });
});

describe('what publishing requires, as the CMS checks it', async () => {
  const { checkPublishable } = await import('../../cms/src/validation/entry-rules.ts');
  const article = { title: 'Tin', slug: 'tin', category: { id: 1 } };
  const poll = { question: 'Hỏi?', options: [{ label: 'A' }, { label: 'B' }] };

  it.each([
    ['api::article.article', article, null],
    ['api::article.article', { ...article, title: '  ' }, /Article "x": field "title" is required to publish/],
    ['api::article.article', { ...article, category: null }, /field "category" is required/],
    ['api::poll.poll', poll, null],
    ['api::poll.poll', { ...poll, options: [{ label: 'A' }] }, /field "options" needs between 2 and 10/],
    ['api::poll.poll', { ...poll, opensAt: '2026-02-01T00:00:00Z', closesAt: '2026-01-01T00:00:00Z' }, /field "closesAt" must be after opensAt/],
    // Types without drafts are checked by Strapi at every save, not here.
    ['api::category.category', {}, null],
  ] as const)('%s %j', (uid, entry, problem) => {
    const check = () => checkPublishable(uid, { ...entry }, 'x');
    if (problem) expect(check).toThrow(problem);
    else expect(check).not.toThrow();
  });
});
