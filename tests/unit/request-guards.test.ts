/**
 * The pure decisions behind the security guards, table-driven: which read queries pass the
 * public allowlist, which writes count as cross-site, what a comment may contain, which webhook
 * needs a build, and which request targets a server can parse.
 */
import { describe, expect, it } from 'vitest';
import { crossSiteReason } from '../../cms/src/middlewares/public-write-origin.ts';
import { checkPublicQuery } from '../../cms/src/public-read/query-allowlist.ts';
import { commentInput, countLinks } from '../../cms/src/public-writes/comment-text.ts';
import { requestPath } from '../../publisher/http-guard.ts';
import { judgeWebhook } from '../../publisher/webhook-event.ts';

describe('public read allowlist', () => {
  const allow = { paths: ['id', 'documentId', 'slug', 'article.documentId'] };
  it.each([
    [{ filters: { id: { $gt: '0' } }, sort: 'id:asc', pagination: { pageSize: '100', withCount: 'true' } }],
    [{ filters: { slug: 'ca-nuoc' } }],
    [{ filters: { article: { documentId: { $eq: 'abc' } } } }],
    [{ filters: { $or: [{ slug: { $eq: 'a' } }, { id: { $in: ['1', '2'] } }] } }],
    [{ filters: { slug: { $not: { $contains: 'x' } } } }],
    [{ sort: ['id:desc', 'slug'] }],
    [{ status: 'draft', publicationState: 'preview', populate: '*' }],
  ])('lets %j through', (query) => {
    expect(checkPublicQuery(query, allow).ok).toBe(true);
  });

  it.each([
    [{ filters: { article: { body: { $contains: 'x' } } } }, /article\.body/],
    [{ filters: { article: { category: { articles: { body: { $startsWith: 'x' } } } } } }, /article\.category\.articles\.body/],
    [{ filters: { $or: { 0: { article: { title: { $eq: 'x' } } } } } }, /article\.title/],
    [{ filters: { slug: { $regex: '.*' } } }, /\$regex/],
    [{ filters: { slug: { $eq: { $gt: '' } } } }, /filter/],
    [{ filters: { slug: { $in: [{ a: 1 }] } } }, /\$in/],
    [{ filters: { slug: { $or: [] } } }, /top level/],
    [{ sort: 'article.body:asc' }, /sorting/],
    [{ sort: { slug: 'asc' } }, /sorting/],
    [{ sort: 'slug:sideways' }, /sorting/],
    [{ fields: ['ipHash'] }, /fields/],
    [{ locale: 'all' }, /locale/],
    [{ pagination: { page: '1', limit: '-1' } }, /limit/],
    [{ pagination: { $where: '1' } }, /\$where/],
  ])('refuses %j, naming the parameter', (query, message) => {
    const checked = checkPublicQuery(query, allow);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(message);
  });

  it('drops the parameters the guard sets itself', () => {
    expect(checkPublicQuery({ status: 'draft', populate: { createdBy: true }, sort: 'id' }, allow)).toEqual({ ok: true, query: { sort: 'id' } });
  });
});

describe('cross-site public writes', () => {
  process.env.CORS_ORIGINS = 'https://tintinh.vn,http://localhost:4321';
  it.each([
    ['https://tintinh.vn', undefined, null],
    ['http://localhost:4321', 'same-site', null],
    [undefined, 'same-origin', null],
    [undefined, 'same-site', null],
    [undefined, undefined, null],
    ['https://evil.example', undefined, /evil\.example/],
    ['https://tintinh.vn.evil.example', 'cross-site', /not the site/],
    ['null', undefined, /null/],
    [undefined, 'cross-site', /cross-site/],
    [undefined, 'none', /none/],
  ])('Origin %s, Sec-Fetch-Site %s', (origin, fetchSite, refused) => {
    const reason = crossSiteReason(origin, fetchSite);
    if (refused === null) expect(reason).toBeNull();
    else expect(reason).toMatch(refused);
  });
});

describe('comment text', () => {
  it.each([
    ['http://a.vn http://b.vn', 2],
    ['http://a.vn,http://b.vn,http://c.vn', 3],
    ['http://a.vnhttp://b.vnhttp://c.vn', 3],
    ['mua tại a.com, b.net và c.org', 3],
    ['Giá lúa 5.000 đồng/kg, tăng 1.2 lần', 0],
    ['Xem www.baclieu.gov.vn', 1],
  ])('counts the links in %j as %i', (text, links) => {
    expect(countLinks(text)).toBe(links);
  });

  it.each([
    ['\u3164', false],
    ['\u2060\u00AD\u034F\u200B\uFEFF', false],
    ['...', false],
    ['Nguyễn\u200B Văn\u00AD A', true],
    ['Út Nhỏ', true],
    ['Bạn đọc 1975', true],
  ])('name %j is accepted: %s', (authorName, accepted) => {
    const parsed = commentInput.safeParse({ authorName, body: 'Nội dung bình luận' });
    expect(parsed.success).toBe(accepted);
    if (parsed.success) expect(parsed.data.authorName).not.toMatch(/[\u200B\u00AD]/);
  });
});

describe('publisher webhooks', () => {
  const id = 'abcdefghij0123456789abcd';
  it.each([
    [{ event: 'entry.create', uid: 'api::comment.comment', entry: { documentId: id, moderationStatus: 'pending' } }, 'none'],
    [{ event: 'entry.create', uid: 'api::comment.comment', entry: { documentId: id, moderationStatus: 'approved' } }, 'change'],
    [{ event: 'entry.update', uid: 'api::comment.comment', entry: { documentId: id, moderationStatus: 'rejected' } }, 'change'],
    [{ event: 'entry.delete', uid: 'api::comment.comment', entry: null }, 'full'],
    [{ event: 'entry.update', uid: 'api::article.article', entry: { documentId: id } }, 'none'],
    [{ event: 'entry.create', uid: 'api::article.article', entry: { documentId: id } }, 'none'],
    [{ event: 'entry.publish', uid: 'api::article.article', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.unpublish', uid: 'api::article.article', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.delete', uid: 'api::article.article', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.publish', uid: 'api::article.article', entry: { documentId: '../etc' } }, 'full'],
    [{ event: 'entry.publish', uid: 'api::poll.poll', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.update', uid: 'api::poll.poll', entry: { documentId: id } }, 'none'],
    [{ event: 'entry.unpublish', uid: 'api::poll.poll', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.update', uid: 'api::weather-note.weather-note', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.create', uid: 'api::weather-note.weather-note', entry: { documentId: id } }, 'change'],
    [{ event: 'entry.delete', uid: 'api::weather-note.weather-note', entry: {} }, 'full'],
    [{ event: 'entry.update', uid: 'api::tag.tag', entry: { documentId: id } }, 'full'],
    [{ event: 'entry.update', uid: 'api::category.category', entry: { documentId: id } }, 'full'],
    [{ event: 'entry.create', uid: 'api::publication-log.publication-log', entry: { documentId: id } }, 'none'],
    [{ event: 'most-read.update', uid: 'most-read.update' }, 'change'],
    [{ event: 'media.create' }, 'none'],
    [{ event: 'media.update' }, 'full'],
    ['not a webhook', 'full'],
    [null, 'full'],
  ])('%j → %s', (payload, kind) => {
    expect(judgeWebhook(payload).kind).toBe(kind);
  });

  it('names an empty webhook a full build asked for by hand, not a malformed one', () => {
    expect(judgeWebhook({})).toEqual({ kind: 'full', reason: 'a full build asked for by hand (an empty webhook)' });
    expect(judgeWebhook({ event: 42 })).toEqual({ kind: 'full', reason: 'a webhook that does not parse' });
  });
});

describe('request targets', () => {
  it.each([
    ['/', '/'],
    ['/xa-hoi/bai-viet/?utm=1', '/xa-hoi/bai-viet/'],
    ['/tim-kiem/?q=%C4%91%E1%BA%A3ng', '/tim-kiem/'],
    ['//[', null],
    ['//evil.example/', null],
    ['http://x:99999/', null],
    ['*', null],
    ['/%E0%A4%A', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (target, path) => {
    expect(requestPath(target)).toBe(path);
  });
});
