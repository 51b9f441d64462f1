/** The content model's own questions and both halves of a textual attribute, without a CMS. */
import { describe, expect, it } from 'vitest';
import { article, attr, category, comment, poll, requiredFields, requiredLinks, slugSource, tag, typeLabel, weatherNote } from '@tintinh/content-types';

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

  it('names types for error messages', () => {
    expect([article, weatherNote].map(typeLabel)).toEqual(['Article', 'Weather note']);
  });
});

describe('a textual attribute: the zod half honours every bound of the Strapi half', () => {
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
