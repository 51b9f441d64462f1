import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypes, publicationLog, slugify } from '@tintinh/content-types';
import { sampleValues } from '../support/model-samples.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { startTestCms, TEST_ADMIN, testDatabases, type TestCms } from '../support/test-cms.ts';

const DEMO_ARTICLES = 12;
const DRAFT_SLUG = slugify('Dự thảo kế hoạch nhân sự năm 2022 (chưa duyệt)');
const DRAFT_MARKER = 'BAN-NHAP-NOI-BO-KHONG-CONG-BO';
const SEED_SLUG = 'ca-nuoc-co-5248607-dang-vien';

type Entry = { documentId: string; slug?: string; [k: string]: unknown };
type List = { data: Entry[]; meta: { pagination: { total: number } } };

describe.each(testDatabases)('public REST API on %s', (database) => {
  let cms: TestCms;
  let admin: string;
  let draftId: string;

  const api = (path: string, init: Parameters<typeof requestJson>[1] = {}) => requestJson<List>(`${cms.url}/api${path}`, init);
  const contentManager = (path: string, init: Parameters<typeof requestJson>[1] = {}) =>
    requestJson<{ data?: Entry; error?: { message: string; details?: { errors?: Array<{ path: string[]; message: string }> } } }>(
      `${cms.url}/content-manager/collection-types/api::article.article${path}`,
      { ...init, token: admin },
    );

  beforeAll(async () => {
    cms = await startTestCms({ database, demoArticles: DEMO_ARTICLES });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const drafts = await requestJson<{ results: Entry[] }>(
      `${cms.url}/content-manager/collection-types/api::article.article?filters[slug][$eq]=${DRAFT_SLUG}`,
      { token: admin },
    );
    expect(drafts.status).toBe(200);
    draftId = drafts.body.results[0]!.documentId;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('lists only published articles, with cover formats, category and tags populated', async () => {
    const res = await api('/articles?pagination[pageSize]=100&sort=datePublished:desc');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(DEMO_ARTICLES + 1);
    const slugs = res.body.data.map((a) => a.slug);
    expect(slugs).toContain(SEED_SLUG);
    expect(slugs).not.toContain(DRAFT_SLUG);
    expect(JSON.stringify(res.body)).not.toContain(DRAFT_MARKER);
    const seed = res.body.data.find((a) => a.slug === SEED_SLUG)!;
    expect(seed).toMatchObject({
      title: 'Cả nước có 5.248.607 đảng viên',
      byline: 'Tin, ảnh: N.Q',
      coverCaption: 'Hội nghị tại điểm cầu Bạc Liêu.',
      datePublished: '2022-01-13T09:37:00.000Z',
      category: { name: 'Hoạt động lãnh đạo', slug: 'hoat-dong-lanh-dao' },
    });
    expect(Object.keys((seed.cover as { formats: object }).formats)).toEqual(expect.arrayContaining(['thumbnail', 'small', 'medium', 'large']));
    expect((seed.tags as Entry[]).map((t) => t.slug)).toContain('bac-lieu');
  });

  it.each([
    ['public', undefined],
    ['site token', 'site'],
  ])('never returns a draft to the %s, whatever the query asks', async (_who, tokenKind) => {
    const token = tokenKind ? cms.siteToken : undefined;
    for (const query of [
      'status=draft',
      'publicationState=preview',
      `status=draft&filters[slug][$eq]=${DRAFT_SLUG}`,
      'hasPublishedVersion=false&status=draft',
    ]) {
      const list = await api(`/articles?pagination[pageSize]=100&${query}`, { token });
      expect(list.status, query).toBe(200);
      expect(
        list.body.data.map((a) => a.slug),
        query,
      ).not.toContain(DRAFT_SLUG);
      expect(JSON.stringify(list.body), query).not.toContain(DRAFT_MARKER);
    }
    const one = await api(`/articles/${draftId}?status=draft`, { token });
    expect(one.status).toBe(404);
  });

  it("serves the route's fixed populate, whatever populate the client asks for", async () => {
    const res = await api('/articles?populate[createdBy]=true&populate[updatedBy]=true&pagination[pageSize]=1');
    expect(res.status).toBe(200);
    expect(res.body.data[0]).not.toHaveProperty('createdBy');
    // Asking for tags alone still yields the route's whole set, cover formats and category too.
    const narrow = await api('/articles?populate[0]=tags&pagination[pageSize]=1');
    expect(narrow.status).toBe(200);
    expect(narrow.body.data[0]).toHaveProperty('category.slug');
    expect(narrow.body.data[0]).toHaveProperty('cover.formats');
    expect(narrow.body.data[0]).toHaveProperty('tags');
  });

  it('pages readers by 100 at most and the site token by 500, and leaves out what the site does not read', async () => {
    type Paged = { data: Array<Record<string, Record<string, unknown>>>; meta: { pagination: { pageSize: number } } };
    const page = (size: number, token?: string) => requestJson<Paged>(`${cms.url}/api/articles?pagination[pageSize]=${size}`, { token });
    expect((await page(500)).body.meta.pagination.pageSize).toBe(100);
    expect((await page(500, cms.siteToken)).body.meta.pagination.pageSize).toBe(500);
    expect((await page(100_000, cms.siteToken)).body.meta.pagination.pageSize).toBe(500);
    const seed = (await page(100)).body.data.find((a) => a.slug === (SEED_SLUG as unknown))!;
    expect(seed.cover).toHaveProperty('formats.thumbnail.url');
    for (const bookkeeping of ['hash', 'provider', 'provider_metadata', 'createdAt']) expect(seed.cover).not.toHaveProperty(bookkeeping);
    expect(seed.category).not.toHaveProperty('createdAt');
    expect(seed.category).toHaveProperty('menuOrder');
  });

  it.each([
    ['POST', '/articles', { data: { title: 'Tin giả' } }],
    ['PUT', '/articles/DOC', { data: { title: 'Sửa trộm' } }],
    ['DELETE', '/articles/DOC', undefined],
    ['POST', '/polls', { data: { question: 'Thăm dò giả?' } }],
    ['POST', '/weather-notes', { data: { region: 'X', forecast: 'Y' } }],
    ['POST', '/comments', { data: { authorName: 'A', body: 'B' } }],
    ['POST', '/categories', { data: { name: 'Mới' } }],
  ])('refuses public %s %s', async (method, path, json) => {
    const target = path.replace('DOC', draftId);
    for (const token of [undefined, cms.siteToken]) {
      const res = await api(target, { method, json, token });
      expect([401, 403, 405], `${method} ${target} token=${Boolean(token)}`).toContain(res.status);
    }
    const after = await api(`/articles?pagination[pageSize]=100`);
    expect(after.body.meta.pagination.total).toBe(DEMO_ARTICLES + 1);
    const draft = await contentManager(`/${draftId}`);
    expect(draft.body.data?.title).toBe('Dự thảo kế hoạch nhân sự năm 2022 (chưa duyệt)');
  });

  it('refuses public uploads and user listings', async () => {
    const form = new FormData();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'x.png');
    for (const token of [undefined, cms.siteToken]) {
      const upload = await fetch(`${cms.url}/api/upload`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect([401, 403]).toContain(upload.status);
      const users = await api('/users', { token });
      expect([401, 403]).toContain(users.status);
      const files = await api('/upload/files', { token });
      expect([401, 403]).toContain(files.status);
    }
    const register = await requestJson(`${cms.url}/api/auth/local/register`, {
      method: 'POST',
      json: { username: 'x', email: 'x@x.vn', password: 'Password123' },
    });
    expect([401, 403]).toContain(register.status);
  });

  it('lists no pending comment publicly', async () => {
    const created = await requestJson<{ data: Entry }>(`${cms.url}/content-manager/collection-types/api::comment.comment`, {
      method: 'POST',
      token: admin,
      json: { authorName: 'Bạn đọc', body: 'Bình luận chờ duyệt', moderationStatus: 'pending', article: { connect: [{ documentId: draftId }] } },
    });
    expect(created.status).toBe(201);
    const asked = await api('/comments?filters[moderationStatus][$eq]=pending');
    expect(asked.status).toBe(400);
    const res = await api('/comments?pagination[pageSize]=100');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('Bình luận chờ duyệt');
  });

  it.each([
    ['..', /slug/],
    ['a/b', /slug/],
    ['Cả-nước', /slug/],
    ['UPPER', /slug/],
  ])('rejects the slug %j with an error naming the field', async (slug, pattern) => {
    const res = await contentManager('', { method: 'POST', json: { title: `Bài thử ${slug}`, slug } });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(pattern);
    const paths = res.body.error?.details?.errors?.map((e) => e.path.join('.')) ?? [];
    expect(paths).toContain('slug');
  });

  it('fills an empty slug from the Vietnamese title', async () => {
    const res = await contentManager('', { method: 'POST', json: { title: 'Đờn ca tài tử ở Bạc Liêu' } });
    expect(res.status).toBe(201);
    expect(res.body.data?.slug).toBe('don-ca-tai-tu-o-bac-lieu');
  });

  // Found by the seeded model test below (MODEL_SEED=371869): a blank slug on an untitled draft was stored as is.
  it('stores no blank slug on a draft with nothing to make one from', async () => {
    const res = await contentManager('', { method: 'POST', json: { slug: '  ' } });
    expect(res.status).toBe(201);
    expect(res.body.data?.slug ?? null).toBeNull();
  });

  it('refuses to publish an article without a category, naming the field', async () => {
    const created = await contentManager('', { method: 'POST', json: { title: 'Bài chưa có chuyên mục' } });
    expect(created.status).toBe(201);
    const res = await contentManager(`/${created.body.data!.documentId}/actions/publish`, { method: 'POST', json: {} });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/category/);
  });

  it("keeps poll vote counts out of editors' hands", async () => {
    const polls = await requestJson<{ results: Entry[] }>(`${cms.url}/content-manager/collection-types/api::poll.poll`, { token: admin });
    const pollId = polls.body.results[0]!.documentId;
    const pollUrl = `${cms.url}/content-manager/collection-types/api::poll.poll/${pollId}`;
    const before = await requestJson<{ data: { question: string; options: Array<{ id: number; label: string; votes: number }> } }>(pollUrl, { token: admin });
    const options = before.body.data.options.map((o) => ({ id: o.id, label: o.label, votes: 999 }));
    const saved = await requestJson(pollUrl, { method: 'PUT', token: admin, json: { question: before.body.data.question, options } });
    expect(saved.status).toBe(200);
    const after = await requestJson<{ data: { options: Array<{ votes: number }> } }>(pollUrl, { token: admin });
    expect(after.body.data.options.map((o) => o.votes)).toEqual(before.body.data.options.map((o) => o.votes));
  });

  describe('uploads (editors only)', () => {
    const upload = async (name: string, type: string, data: Buffer) => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(data)], { type }), name);
      const res = await fetch(`${cms.url}/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
      return {
        status: res.status,
        body: (await res.json()) as Array<{ formats: Record<string, { mime: string; width: number; url: string }> }> & { error?: { message: string } },
      };
    };

    it('stores WebP twins of every responsive format, made once at upload', async () => {
      const jpeg = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#3a6ea5' } })
        .jpeg()
        .toBuffer();
      const res = await upload('anh-hien-truong.jpg', 'image/jpeg', jpeg);
      expect(res.status).toBe(201);
      const formats = res.body[0]!.formats;
      for (const key of ['small', 'medium', 'large', 'xlarge']) {
        expect(formats[key]?.mime, key).toBe('image/jpeg');
        expect(formats[`${key}_webp`]?.mime, key).toBe('image/webp');
        expect(formats[`${key}_webp`]?.width, key).toBe(formats[key]!.width);
      }
      const webp = await fetch(`${cms.url}${formats.large_webp!.url}`);
      expect(webp.status).toBe(200);
      expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe('webp');
    });

    it('refuses SVG uploads', async () => {
      const res = await upload('logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toMatch(/logo\.svg: (định dạng SVG|không phải ảnh)/);
    });

    it('refuses images with an absurd pixel count', async () => {
      const png = await sharp({ create: { width: 10_000, height: 8_000, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer();
      const res = await upload('qua-lon.png', 'image/png', png);
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toMatch(/quá lớn/);
    });

    const fileCount = async () => {
      const res = await requestJson<unknown[] | { pagination: { total: number } }>(`${cms.url}/upload/files`, { token: admin });
      expect(res.status).toBe(200);
      return Array.isArray(res.body) ? res.body.length : res.body.pagination.total;
    };
    const HTML = Buffer.from('<!doctype html><script>fetch("/admin/access-token",{method:"POST"})</script>');

    it.each([
      ['an HTML page', 'trang.html', 'text/html', HTML],
      ['a script', 'ma.js', 'application/javascript', Buffer.from('fetch("/admin/access-token",{method:"POST"})')],
      ['an HTML page named and declared as a PNG', 'anh.png', 'image/png', HTML],
      ['a PDF', 'van-ban.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF')],
    ])('refuses %s, whatever its declared type', async (_what, name, type, data) => {
      const before = await fileCount();
      const res = await upload(name, type, data);
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toContain(name);
      expect(await fileCount()).toBe(before);
    });

    it('sniffs an oversized image sent as application/octet-stream and refuses it by its pixels', async () => {
      const png = await sharp({ create: { width: 8_000, height: 8_000, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer();
      const res = await upload('khong-ro.bin', 'application/octet-stream', png);
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toMatch(/8000×8000 px là quá lớn/);
    });

    it('guards every route that takes files, not only POST /upload', async () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(HTML)], { type: 'text/html' }), 'trang.html');
      const res = await fetch(`${cms.url}/upload/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(400);
    });

    it('stores a real image under the type it is, and serves uploads inert (nosniff, sandboxing CSP)', async () => {
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0b4f8a' } })
        .png()
        .toBuffer();
      const res = await upload('anh.html', 'text/html', png);
      expect(res.status).toBe(201);
      const stored = res.body[0] as unknown as { url: string; mime: string; ext: string };
      expect(stored).toMatchObject({ mime: 'image/png', ext: '.png' });
      expect(stored.url).toMatch(/\.png$/);
      const served = await fetch(`${cms.url}${stored.url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    });

    it('has upload-from-urls switched off, so the server fetches no address for anyone (SSRF)', async () => {
      const before = await fileCount();
      for (const url of ['http://0.0.0.0:4322/_status', 'http://127.0.0.1:1/', 'https://example.com/a.png']) {
        const res = await requestJson<{ error?: { message: string } }>(`${cms.url}/upload/actions/upload-from-urls`, {
          method: 'POST',
          token: admin,
          json: { urls: [url] },
        });
        expect(res.status, url).toBe(403);
      }
      expect(await fileCount()).toBe(before);
    });
  });

  it('serves a favicon instead of a server error', async () => {
    const res = await fetch(`${cms.url}/favicon.ico`);
    expect(res.status).toBe(200);
  });

  it('runs the demo import a second time without creating anything', async () => {
    const before = await api('/articles?pagination[pageSize]=1');
    const output = await cms.importDemo(DEMO_ARTICLES);
    expect(output).toMatch(/0 new entries\/files/);
    const after = await api('/articles?pagination[pageSize]=1');
    expect(after.body.meta.pagination.total).toBe(before.body.meta.pagination.total);
    const polls = await api('/polls');
    expect(polls.body.meta.pagination.total).toBe(1);
  });

  // Last: it adds categories, tags, drafts and comments the tests above do not expect.
  it("stores what the model's zod half accepts, and what it stores the zod half reads, for every attribute (seeded)", async () => {
    const seed = Number(process.env.MODEL_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const seedArticle = (await api(`/articles?filters[slug][$eq]=${SEED_SLUG}`)).body.data[0]!.documentId;
    const unique = () => `mau-${seed}-${random.int(1e9)}`;
    // What each type needs besides the attribute under test (types without drafts check `required` at once).
    const baseOf: Record<string, () => Record<string, unknown>> = {
      // A slug of its own: a title of punctuation alone gives none to derive (the CMS says so, rightly).
      'api::article.article': () => ({ slug: unique() }),
      'api::category.category': () => ({ name: 'Chuyên mục mẫu', slug: unique() }),
      'api::tag.tag': () => ({ name: 'Thẻ mẫu', slug: unique() }),
      'api::poll.poll': () => ({ question: 'Câu hỏi mẫu?', options: [{ label: 'Có' }, { label: 'Không' }] }),
      'api::weather-note.weather-note': () => ({
        region: 'Bạc Liêu',
        forecast: 'Nắng',
        issuedAt: '2022-01-13T00:00:00.000Z',
        validUntil: '2022-01-14T00:00:00.000Z',
      }),
      'api::comment.comment': () => ({ authorName: 'Bạn đọc', body: 'Ý kiến', article: { connect: [{ documentId: seedArticle }] } }),
    };
    const disagreements: string[] = [];
    // Slugs (uid) stored by earlier samples of this run: sent again, the CMS must refuse them (MODEL_SEED=278047 drew "4" twice).
    const takenSlugs = new Map<string, Set<unknown>>();
    let sent = 0;
    // The publication log is written by the CMS alone and refuses every other write (tests/api/newsroom-roles.test.ts).
    for (const type of contentTypes.filter((t) => t !== publicationLog)) {
      for (const [field, attribute] of Object.entries(type.attributes)) {
        const zodHalf = type.entrySchema.shape[field as keyof typeof type.entrySchema.shape] as { safeParse(v: unknown): { success: boolean } };
        for (const value of sampleValues(attribute.strapi, random, 6)) {
          const res = await requestJson<{ data?: Record<string, unknown>; error?: { message: string } }>(
            `${cms.url}/content-manager/collection-types/${type.uid}`,
            {
              method: 'POST',
              token: admin,
              json: { ...(baseOf[type.uid]?.() ?? {}), [field]: value },
            },
          );
          sent++;
          const stored = res.status < 300;
          const shown = JSON.stringify(value).slice(0, 60);
          const slugsOfField = takenSlugs.get(`${type.uid}.${field}`) ?? new Set();
          const repeatedSlug = attribute.strapi.type === 'uid' && slugsOfField.has(value);
          if (stored && attribute.strapi.type === 'uid') takenSlugs.set(`${type.uid}.${field}`, slugsOfField.add(res.body.data?.[field]));
          if (res.status >= 500) disagreements.push(`${type.uid}.${field} = ${shown}: HTTP ${res.status}`);
          else if (repeatedSlug) {
            if (stored) disagreements.push(`${type.uid}.${field} = ${shown}: the CMS stores a slug another entry already has`);
          } else if (zodHalf.safeParse(value).success && !stored)
            disagreements.push(`${type.uid}.${field} = ${shown}: zod accepts, the CMS refuses (HTTP ${res.status}: ${res.body.error?.message})`);
          // A draft may lack what publishing requires (publish checks it): an empty required field is not read from a draft.
          else if (
            stored &&
            !(type.draftAndPublish && attribute.strapi.required && !res.body.data?.[field]) &&
            !zodHalf.safeParse(res.body.data?.[field]).success
          )
            disagreements.push(`${type.uid}.${field} = ${shown}: the CMS stores ${JSON.stringify(res.body.data?.[field]).slice(0, 60)}, zod refuses it`);
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(disagreements, `MODEL_SEED=${seed}`).toEqual([]);
  }, 120_000);
});
