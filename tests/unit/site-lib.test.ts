/** The site's pure helpers: dates in Vietnam's time, folding, pagination, the CMS client's paging. */
import { describe, expect, it } from 'vitest';
import { tag } from '@tintinh/content-types';
import { dateline, isoVietnam, rfc822Vietnam, shortDate } from '../../site/src/lib/dates.ts';
import { foldVietnamese } from '../../site/src/lib/fold.ts';
import { listingSlice, numberedPages, PAGE_SIZE, pageOfIndex } from '../../site/src/lib/pagination.ts';
import type { SiteArticle } from '../../site/src/lib/content/schema.ts';
import { InvalidEntryError, StrapiClient, StrapiRequestError } from '../../site/src/lib/strapi-client.ts';
import { seededRandom } from '../support/seeded-random.ts';

describe('dates, as readers in Asia/Ho_Chi_Minh read them', () => {
  it.each([
    ['2022-01-13T09:37:00Z', 'Thứ Năm, 13/01/2022 | 16:37', '13/01/2022', 'Thu, 13 Jan 2022 16:37:00 +0700', '2022-01-13T16:37:00+07:00'],
    // 17:00 UTC on New Year's Eve is already the next day (and year) in Vietnam.
    ['2021-12-31T17:00:00Z', 'Thứ Bảy, 01/01/2022 | 00:00', '01/01/2022', 'Sat, 01 Jan 2022 00:00:00 +0700', '2022-01-01T00:00:00+07:00'],
    ['2024-02-29T16:59:59Z', 'Thứ Năm, 29/02/2024 | 23:59', '29/02/2024', 'Thu, 29 Feb 2024 23:59:59 +0700', '2024-02-29T23:59:59+07:00'],
    ['2023-06-04T01:05:00Z', 'Chủ Nhật, 04/06/2023 | 08:05', '04/06/2023', 'Sun, 04 Jun 2023 08:05:00 +0700', '2023-06-04T08:05:00+07:00'],
  ])('%s → %s', (iso, line, short, rfc, local) => {
    const date = new Date(iso);
    expect([dateline(date), shortDate(date), rfc822Vietnam(date), isoVietnam(date)]).toEqual([line, short, rfc, local]);
  });
});

describe('folding Vietnamese for search', () => {
  it.each([
    ['Đảng bộ huyện Hồng Dân', 'Dang bo huyen Hong Dan'],
    ['điện gió Bạc Liêu', 'dien gio Bac Lieu'],
    ['ỗ ự ẫ', 'o u a'],
    ['plain', 'plain'],
  ])('%s → %s', (text, folded) => {
    expect(foldVietnamese(text)).toBe(folded);
  });
});

describe('listings paged from the oldest article', () => {
  const articles = (n: number) => Array.from({ length: n }, (_, i) => ({ documentId: `a${i}` }) as SiteArticle);

  it('puts every article on exactly one numbered page, the oldest 20 on page 1, pages full but the newest (seeded)', () => {
    const random = seededRandom(Number(process.env.PAGES_SEED ?? 7));
    for (let round = 0; round < 50; round++) {
      const count = 1 + random.int(250);
      const list = articles(count);
      const seen = new Map<string, number>();
      for (let page = 1; page <= numberedPages(count); page++) {
        const { items } = listingSlice(list, page);
        expect(items.length, `count ${count}, page ${page}`).toBe(page < numberedPages(count) ? PAGE_SIZE : count - (numberedPages(count) - 1) * PAGE_SIZE);
        for (const a of items) seen.set(a.documentId, page);
      }
      expect(seen.size).toBe(count);
      for (const [i, a] of list.entries()) expect(seen.get(a.documentId)).toBe(pageOfIndex(i, count));
      expect(listingSlice(list, 1).items.at(-1)).toBe(list.at(-1));
    }
  });

  it('links the front page to the newest numbered page not already on it, and numbered pages both ways', () => {
    const list = articles(45);
    expect(listingSlice(list, null)).toMatchObject({ newer: undefined, older: 2 });
    expect(listingSlice(list, 3)).toMatchObject({ newer: null, older: 2 });
    expect(listingSlice(list, 1)).toMatchObject({ newer: 2, older: undefined });
    expect(listingSlice(articles(20), null)).toMatchObject({ older: undefined });
  });
});

describe('the CMS client', () => {
  const entry = tag.entrySchema.pick({ id: true, documentId: true });
  /**
   * A CMS answering keyset pages of `total` entries, recording what it was asked. Like Strapi, it
   * lowers a page size above its `limit` and says the size it used in `meta`.
   */
  const fakeCms = (total: number, failFirst: number | null = null, limit = 500) => {
    const asked: URL[] = [];
    let failures = 0;
    const fetchImpl = (async (input: string | URL | Request) => {
      const url = new URL(String(input));
      asked.push(url);
      if (failFirst !== null && failures++ < 1) return new Response('busy', { status: failFirst });
      const after = Number(url.searchParams.get('filters[id][$gt]'));
      const size = Math.min(limit, Number(url.searchParams.get('pagination[pageSize]')));
      const data = Array.from({ length: Math.max(0, Math.min(size, total - after)) }, (_, i) => ({ id: after + i + 1, documentId: `d${after + i + 1}` }));
      return Response.json({ data, meta: { pagination: { total, pageSize: size } } });
    }) as typeof fetch;
    return { asked, client: new StrapiClient({ baseUrl: new URL('http://cms.test'), token: 't', fetchImpl, attempts: 2 }) };
  };

  it('reads every page by keyset, always asking for published entries only', async () => {
    const { asked, client } = fakeCms(1200);
    const all = await client.findAll('articles', entry, 'article', undefined, { status: 'draft' });
    expect(all.map((e) => e.id)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(asked.map((u) => u.searchParams.get('filters[id][$gt]'))).toEqual(['0', '500', '1000']);
    for (const url of asked) expect(url.searchParams.getAll('status')).toEqual(['published']);
  });

  it('reads on past a page the CMS made smaller than asked (a CMS allowing 100 a page)', async () => {
    const { asked, client } = fakeCms(250, null, 100);
    const all = await client.findAll('articles', entry, 'article');
    expect(all.map((e) => e.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(asked.map((u) => u.searchParams.get('filters[id][$gt]'))).toEqual(['0', '100', '200']);
  });

  it('names an invalid entry even while the next page, asked for meanwhile, fails', async () => {
    const asked: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      const after = new URL(String(input)).searchParams.get('filters[id][$gt]')!;
      asked.push(after);
      if (after !== '0') return new Response('down', { status: 404 });
      const data = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, documentId: i === 41 ? 7 : `d${i + 1}` }));
      return Response.json({ data, meta: { pagination: { total: 200, pageSize: 100 } } });
    }) as typeof fetch;
    const client = new StrapiClient({ baseUrl: new URL('http://cms.test'), token: 't', fetchImpl, attempts: 1 });
    const error = await client.findAll('tags', entry, 'tag').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEntryError);
    expect(String((error as Error).message)).toMatch(/field "documentId"/);
    // The next page was asked for before this one was validated: the CMS prepares it meanwhile.
    expect(asked).toEqual(['0', '100']);
  });

  it('without reading ahead, asks for a page only once the last one is validated', async () => {
    const asked: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      const after = new URL(String(input)).searchParams.get('filters[id][$gt]')!;
      asked.push(after);
      const data = Array.from({ length: 100 }, (_, i) => ({ id: Number(after) + i + 1, documentId: i === 41 ? 7 : `d${i + 1}` }));
      return Response.json({ data, meta: { pagination: { total: 200, pageSize: 100 } } });
    }) as typeof fetch;
    const client = new StrapiClient({ baseUrl: new URL('http://cms.test'), token: 't', fetchImpl, attempts: 1, readAhead: false });
    expect(await client.findAll('tags', entry, 'tag').catch((e: unknown) => e)).toBeInstanceOf(InvalidEntryError);
    expect(asked).toEqual(['0']);
  });

  it('asks again after a 5xx, never after a 4xx, and names the request when it gives up', async () => {
    const busy = fakeCms(3, 503);
    expect(await busy.client.findAll('tags', entry, 'tag')).toHaveLength(3);
    expect(busy.asked).toHaveLength(2);
    const refused = fakeCms(3, 403);
    const error = await refused.client.findAll('tags', entry, 'tag').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrapiRequestError);
    expect(String((error as Error).message)).toMatch(/site token was refused/);
    expect(refused.asked).toHaveLength(1);
  });
});
