/**
 * The site's content derivations without a CMS: related articles, redirects of moved articles
 * and categories, picture sources from stored formats, and the one HTML allowlist.
 */
import { describe, expect, it } from 'vitest';
import { poll, weatherNote } from '@tintinh/content-types';
import { categoryOf, randomArchive, randomChange } from '../support/random-archive.ts';
import { seededRandom } from '../support/seeded-random.ts';

process.env.STRAPI_URL = 'http://cms.test';
process.env.STRAPI_TOKEN = 'unit';

const { assembleSiteData, relatedArticles, withArticleChanges, withMostRead, withSidebar } = await import('../../site/src/lib/content/derive.ts');
const { siteArticle } = await import('../../site/src/lib/content/schema.ts');
const { imageSource } = await import('../../site/src/lib/media.ts');
const { sanitize } = await import('../../site/src/lib/sanitize.ts');

const stamp = '2026-11-01T00:00:00.000Z';
const category = categoryOf;
/** `n` articles in `slug`, one an hour, newest last. */
const articles = (slug: string, n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) =>
    siteArticle.parse({
      id: offset + i + 1,
      documentId: `${slug}doc${String(offset + i).padStart(6, '0')}`,
      createdAt: stamp,
      updatedAt: stamp,
      publishedAt: stamp,
      title: `Tin ${slug} ${i}`,
      slug: `tin-${slug}-${i}`,
      lead: null,
      body: null,
      coverCaption: null,
      byline: null,
      featured: false,
      datePublished: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
      scheduledAt: null,
      correctedAt: null,
      category: category(slug),
      tags: [],
    }),
  );
const content = (list: ReturnType<typeof articles>, movedPaths: Array<{ from: string; type: 'article' | 'category'; documentId: string }> = []) => ({
  categories: [category('xa-hoi'), category('kinh-te')],
  tags: [],
  articles: list,
  polls: [],
  notes: [],
  comments: [],
  movedPaths,
  mostRead: [],
});

describe('related articles', () => {
  const data = assembleSiteData(content([...articles('xa-hoi', 12), ...articles('kinh-te', 3, 100)]), new Date(stamp));
  const inXaHoi = data.articlesByCategory.get('xa-hoi')!;

  it('are the nearest in time of the same category, never the article itself', () => {
    const middle = inXaHoi[6]!;
    const related = relatedArticles(data, middle);
    expect(related.map((a) => a.slug)).toEqual([4, 5, 7, 8, 9].map((k) => inXaHoi[k]!.slug));
    expect(related.every((a) => a.category.slug === 'xa-hoi' && a.documentId !== middle.documentId)).toBe(true);
    const distance = (a: { documentId: string }) => Math.abs(inXaHoi.findIndex((x) => x.documentId === a.documentId) - 6);
    expect(Math.max(...related.map(distance))).toBeLessThanOrEqual(3);
  });

  it('still fill the box at both ends of a category, and stay in small categories', () => {
    expect(relatedArticles(data, inXaHoi[0]!)).toHaveLength(5);
    expect(relatedArticles(data, inXaHoi.at(-1)!)).toHaveLength(5);
    expect(relatedArticles(data, data.articlesByCategory.get('kinh-te')![0]!).map((a) => a.category.slug)).toEqual(['kinh-te', 'kinh-te']);
  });
});

describe('a sidebar change applied without deriving the archive again', () => {
  const hour = 3_600_000;
  const at = (hours: number) => new Date(Date.parse(stamp) + hours * hour).toISOString();
  const randomSidebar = (random: ReturnType<typeof seededRandom>) => ({
    polls: Array.from({ length: random.int(4) }, (_, i) =>
      poll.entrySchema.parse({
        id: i + 1,
        documentId: `poll${String(i).padStart(20, 'x')}`,
        createdAt: stamp,
        updatedAt: stamp,
        publishedAt: at(random.int(48)),
        question: `Câu hỏi ${i}?`,
        options: [
          { id: 1, label: 'Có', key: 'co', votes: random.int(9) },
          { id: 2, label: 'Không', key: 'khong', votes: random.int(9) },
        ],
        showInSidebar: random.int(2) === 0,
        opensAt: null,
        closesAt: null,
      }),
    ),
    notes: Array.from({ length: random.int(5) }, (_, i) => {
      const issued = random.int(48);
      return weatherNote.entrySchema.parse({
        id: i + 1,
        documentId: `note${String(i).padStart(20, 'x')}`,
        createdAt: stamp,
        updatedAt: stamp,
        region: 'Bạc Liêu',
        forecast: `Dự báo ${i}`,
        issuedAt: at(issued),
        validUntil: at(issued + 1 + random.int(24)),
      });
    }),
  });

  it('gives the data a full derivation gives, for random polls, weather notes and times', () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const before = assembleSiteData(content([...articles('xa-hoi', 30), ...articles('kinh-te', 7, 100)]), new Date(stamp));
    for (let round = 0; round < 50; round++) {
      const { polls, notes } = randomSidebar(random);
      const builtAt = new Date(at(random.int(72)));
      const expected = assembleSiteData({ ...before.content, polls, notes }, builtAt);
      expect(withSidebar(before, polls, notes, builtAt), `seed ${seed}, round ${round}`).toEqual(expected);
    }
  });

  it('gives another most-read list the same data as deriving it all again (seeded random lists)', () => {
    const before = assembleSiteData(content([...articles('xa-hoi', 30), ...articles('kinh-te', 7, 100)]), new Date(stamp));
    // Some counted stories are gone from the site (taken down since the count): they must not show.
    const candidates = [...before.articles.map((a) => a.documentId), 'gobaixxxxxxxxxxx', 'khongconxxxxxxxx'];
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    for (let round = 0; round < 50; round++) {
      const mostRead = Array.from({ length: random.int(8) }, () => ({ documentId: candidates[random.int(candidates.length)]!, views: random.int(1000) }));
      const expected = assembleSiteData({ ...before.content, mostRead }, before.builtAt);
      const after = withMostRead(before, mostRead);
      expect(after, `seed ${seed}, round ${round}`).toEqual(expected);
      expect(after.articles, 'shares the derived archive').toBe(before.articles);
    }
  });
});

/** The data with its lookups as Maps: a derived version keeps its changes on top of a shared base. */
const plain = (data: ReturnType<typeof assembleSiteData>) => ({ ...data, articleById: data.articleById.toMap(), articleByUrl: data.articleByUrl.toMap() });

describe('an article change applied without deriving the archive again', () => {
  it('gives the data a full derivation gives, over seeded random publishes, edits, moves and takedowns', () => {
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const archive = randomArchive(random, random.int(15));
    let next = archive.next;
    let data = assembleSiteData(archive.content, new Date(stamp));
    for (let round = 0; round < 120; round++) {
      const change = randomChange(random, data.content, next);
      next = change.next;
      const builtAt = new Date(Date.parse(stamp) + round * 60_000);
      const expected = assembleSiteData(change.content, builtAt);
      const after = withArticleChanges(data, change.content, change.changed, builtAt);
      expect(plain(after), `seed ${seed}, round ${round}`).toEqual(plain(expected));
      data = after;
    }
  });

  it('shares every list and article a change does not reach', () => {
    const random = seededRandom(7);
    const { content: start } = randomArchive(random, 40);
    const before = assembleSiteData(start, new Date(stamp));
    const target = start.articles[0]!;
    const edited = { ...target, title: 'Đính chính' };
    const articles = start.articles.map((a) => (a === target ? edited : a));
    const after = withArticleChanges(before, { ...before.content, articles }, new Set([edited.documentId]), before.builtAt);
    const untouched = [...before.articlesByCategory.keys()].filter((slug) => slug !== edited.category.slug);
    expect(untouched.length).toBeGreaterThan(0);
    for (const slug of untouched) expect(after.articlesByCategory.get(slug)).toBe(before.articlesByCategory.get(slug));
    const other = after.articles.find((a) => a.documentId !== edited.documentId)!;
    expect(other).toBe(before.articleById.get(other.documentId));
    // Nothing changed: the archive's list itself carries over (and the caches keyed by it).
    expect(withArticleChanges(before, before.content, new Set(), before.builtAt).articles).toBe(before.articles);
  });
});

describe('redirects of moved articles and categories', () => {
  const list = [...articles('xa-hoi', 2), ...articles('kinh-te', 1, 100)];
  const moved = list[0]!;
  const data = assembleSiteData(
    content(list, [
      { from: '/xa-hoi/ten-cu/', type: 'article', documentId: moved.documentId },
      { from: '/xa-hoi/tin-xa-hoi-1/', type: 'article', documentId: list[1]!.documentId },
      // The moved article's old path, now the live URL of another article: that one wins.
      { from: '/xa-hoi/tin-xa-hoi-1/', type: 'article', documentId: moved.documentId },
      { from: '/xa-hoi/bai-da-go/', type: 'article', documentId: 'khongconnuaxxxxxxxx' },
      { from: '/kinh-te-cu/', type: 'category', documentId: category('kinh-te').documentId },
    ]),
    new Date(stamp),
  );

  it('send an old article path to where the article lives now', () => {
    expect(data.redirects.get('/xa-hoi/ten-cu/')).toBe(`/xa-hoi/${moved.slug}/`);
  });

  it('send a moved category and every article path under it to the new ones', () => {
    expect(data.redirects.get('/kinh-te-cu/')).toBe('/kinh-te/');
    expect(data.redirects.get('/kinh-te-cu/tin-kinh-te-0/')).toBe('/kinh-te/tin-kinh-te-0/');
  });

  it('drop a path that is live again and one whose article is gone', () => {
    expect(data.redirects.has('/xa-hoi/tin-xa-hoi-1/')).toBe(false);
    expect(data.redirects.has('/xa-hoi/bai-da-go/')).toBe(false);
  });
});

describe('picture sources from the formats stored at upload', () => {
  const format = (name: string, width: number, mime = 'image/jpeg', origin = 'http://cms.test') => ({
    name,
    hash: name,
    ext: mime === 'image/webp' ? '.webp' : '.jpg',
    mime,
    width,
    height: Math.round(width / 2),
    size: 1,
    url: `${origin}/uploads/${name}`,
  });
  const media = (mime = 'image/jpeg') => ({
    id: 1,
    documentId: 'mediaxxxxxxxxxxxxx',
    name: 'anh.jpg',
    alternativeText: null,
    caption: null,
    width: 2000,
    height: 1000,
    mime,
    url: '/uploads/anh.jpg',
    formats: {
      small: format('small.jpg', 500),
      large: format('large.jpg', 1000),
      xlarge: format('xlarge.jpg', 1600, 'image/jpeg', 'https://elsewhere.example'),
      large_webp: format('large.webp', 1000, 'image/webp'),
    },
  });

  it('offers every stored width of the CMS, the first at least 1000 px wide as src, WebP apart', () => {
    const source = imageSource(media())!;
    expect(source.src).toBe('http://cms.test/uploads/large.jpg');
    expect(source.srcset).toBe('http://cms.test/uploads/small.jpg 500w, http://cms.test/uploads/large.jpg 1000w, http://cms.test/uploads/anh.jpg 2000w');
    expect(source.webpSrcset).toBe('http://cms.test/uploads/large.webp 1000w');
  });

  it('never points readers at another origin, and refuses SVG', () => {
    expect(JSON.stringify(imageSource(media()))).not.toContain('elsewhere.example');
    expect(imageSource(media('image/svg+xml'))).toBeNull();
    expect(imageSource(null)).toBeNull();
  });

  it('works a cover out once per media object, and an edited cover (a new object) afresh', () => {
    const cover = media();
    expect(imageSource(cover)).toBe(imageSource(cover));
    const edited = { ...cover, url: '/uploads/moi.jpg', formats: { small: format('moi-small.jpg', 500) } };
    expect(imageSource(edited)!.srcset).toBe('http://cms.test/uploads/moi-small.jpg 500w, http://cms.test/uploads/moi.jpg 2000w');
    expect(imageSource(cover)!.src).toBe('http://cms.test/uploads/large.jpg');
  });
});

describe('the HTML allowlist for pages and feeds', () => {
  it.each([
    ['<p>Tin <strong>nóng</strong></p>', '<p>Tin <strong>nóng</strong></p>'],
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<p onclick="alert(1)">x</p>', '<p>x</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="nofollow noopener">x</a>'],
    ['<a href="https://baoBaclieu.vn/">x</a>', '<a href="https://baoBaclieu.vn/" rel="nofollow noopener">x</a>'],
    ['<img src="https://tracker.example/p.gif">', ''],
    ['<img src="/uploads/a.jpg" onerror="x()">', '<img src="http://cms.test/uploads/a.jpg" loading="lazy" />'],
    ['<iframe src="https://x.example"></iframe><svg><script>1</script></svg>', ''],
  ])('%s → %s', (html, clean) => {
    expect(sanitize(html)).toBe(clean);
  });
});
