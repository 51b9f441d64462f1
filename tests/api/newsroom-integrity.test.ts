/**
 * Newsroom integrity (#30), tried as an attacker with a reporter's account would: the routes
 * Strapi adds beside create/update/publish (clone, the media library's bulk routes, relation
 * pickers, email) pass through the same newsroom rules, and approval is of what a story says,
 * not of a flag that survives later edits.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_READER_FIELDS } from '@tintinh/content-types';
import { requestJson } from '../support/http.ts';
import { newsroomEnv, newsroomTokens, type Who } from '../support/newsroom.ts';
import { startTestCms, type TestCms } from '../support/test-cms.ts';

const ARTICLE = 'api::article.article';
const LOG = 'api::publication-log.publication-log';
const SECRET = 'NOI-DUNG-NHAP-CUA-DONG-NGHIEP';

type Doc = { documentId: string; title?: string; reviewState?: string | null; scheduledAt?: string | null; [k: string]: unknown };
type FileRow = { id: number; name: string };

describe('newsroom integrity: every route a role can reach keeps the newsroom rules', () => {
  let cms: TestCms;
  let token: Record<Who, string>;
  let category = '';
  let otherCategory = '';
  let tag = '';

  const cm = (path = '', uid = ARTICLE) => `${cms.url}/content-manager/collection-types/${uid}${path}`;
  const create = async (who: Who, data: Record<string, unknown>) => {
    const res = await requestJson<{ data: Doc }>(cm(), {
      method: 'POST',
      token: token[who],
      json: { category: { connect: [{ documentId: category }] }, ...data },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.documentId;
  };
  const update = (who: Who, id: string, data: Record<string, unknown>) =>
    requestJson<{ data: Doc }>(cm(`/${id}`), { method: 'PUT', token: token[who], json: data });
  const clone = (who: Who, id: string, data: Record<string, unknown> = {}) =>
    requestJson<{ data?: Doc; error?: unknown }>(cm(`/clone/${id}`), { method: 'POST', token: token[who], json: data });
  const draftOf = async (id: string) => (await requestJson<{ data: Doc }>(cm(`/${id}?status=draft`), { token: token.admin })).body.data;
  const articleCount = async () =>
    (await requestJson<{ pagination: { total: number } }>(cm('?page=1&pageSize=1'), { token: token.admin })).body.pagination.total;
  const approve = async (id: string) => expect((await update('editor', id, { reviewState: 'Đã duyệt' })).status).toBe(200);

  const upload = async (who: Who, name: string) => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
    const res = await fetch(`${cms.url}/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token[who]}` } });
    expect(res.status).toBe(201);
    const [file] = (await res.json()) as FileRow[];
    return file!;
  };
  const fileExists = async (id: number) => (await requestJson(`${cms.url}/upload/files/${id}`, { token: token.admin })).status === 200;
  const media = (who: Who, path: string, json: unknown) =>
    requestJson<{ error?: { message?: string } }>(`${cms.url}/upload${path}`, { method: 'POST', token: token[who], json });

  beforeAll(async () => {
    cms = await startTestCms({ demoArticles: 2, env: newsroomEnv() });
    token = await newsroomTokens(cms.url);
    const slugs = async (uid: string) =>
      (await requestJson<{ results: Doc[] }>(cm('?page=1&pageSize=10', uid), { token: token.admin })).body.results.map((d) => d.documentId);
    const [firstCategory, secondCategory] = await slugs('api::category.category');
    const [firstTag] = await slugs('api::tag.tag');
    if (!firstCategory || !secondCategory || !firstTag) throw new Error('the demo content has two categories and a tag');
    [category, otherCategory, tag] = [firstCategory, secondCategory, firstTag];
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('gives a reporter no copy (nor any read) of a colleague’s draft, and a fresh draft as the copy of their own', async () => {
    const theirs = await create('reporter2', { title: 'Bản nháp của đồng nghiệp', body: SECRET });
    const before = await articleCount();
    const refused = await clone('reporter', theirs, { title: 'Bản sao trộm' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(SECRET);
    expect(await articleCount()).toBe(before);
    // Nor through the bulk actions' look-up, which answers the listed drafts whole.
    const looked = await requestJson(cm('/actions/bulkFindForValidation'), { method: 'POST', token: token.reporter, json: { documentIds: [theirs] } });
    expect(looked.status).toBe(403);
    expect(JSON.stringify(looked.body)).not.toContain(SECRET);
    // Strapi's other copy route refuses a story outright (its slug and relations must be edited).
    expect([400, 403]).toContain((await requestJson(cm(`/auto-clone/${theirs}`), { method: 'POST', token: token.reporter, json: {} })).status);
    expect(await articleCount()).toBe(before);

    const own = await create('reporter', { title: 'Tin của chính phóng viên', body: 'Nội dung của tôi' });
    const copy = await clone('reporter', own, { title: 'Bản sao tin của chính phóng viên', slug: 'ban-sao-tin-cua-chinh-phong-vien' });
    expect(copy.status, JSON.stringify(copy.body)).toBe(200);
    const copied = await draftOf(copy.body.data!.documentId);
    expect(copied.body).toBe('Nội dung của tôi');
    expect(copied.reviewState).toBe('Nháp');
    // Editors copy any story.
    expect((await clone('editor', theirs, { title: 'Biên tập sao bài', slug: 'bien-tap-sao-bai' })).status).toBe(200);
  });

  it('lets no copy carry an approval or a schedule it was not given, and logs a copy that is scheduled', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const source = await create('reporter', { title: 'Tin đã duyệt và hẹn giờ' });
    await approve(source);
    expect((await update('editor', source, { scheduledAt: later })).status).toBe(200);

    // Asked for outright: a reporter may neither approve nor schedule, on a copy as on a create.
    const approved = await clone('reporter', source, { title: 'Bản sao tự duyệt', slug: 'ban-sao-tu-duyet', reviewState: 'Nháp' });
    expect(approved.status).toBe(200);
    const selfApproved = await clone('reporter', await create('reporter', { title: 'Nguồn khác' }), { reviewState: 'Đã duyệt', scheduledAt: soon });
    expect(selfApproved.status, JSON.stringify(selfApproved.body)).toBe(403);
    expect((await clone('reporter', source, { title: 'Bản sao tự hẹn giờ', slug: 'ban-sao-tu-hen-gio', scheduledAt: soon })).status).toBe(403);

    // The admin's Duplicate form sends the source's values back unchanged: the copy starts fresh.
    const duplicate = await clone('reporter', source, { title: 'Bản sao theo mẫu', slug: 'ban-sao-theo-mau', reviewState: 'Đã duyệt', scheduledAt: later });
    expect(duplicate.status, JSON.stringify(duplicate.body)).toBe(200);
    const fresh = await draftOf(duplicate.body.data!.documentId);
    expect(fresh.reviewState).toBe('Nháp');
    expect(fresh.scheduledAt ?? null).toBeNull();

    // An editor may schedule a copy; the log says who and when, as for any schedule.
    const scheduled = await clone('editor', source, { title: 'Bản sao biên tập hẹn giờ', slug: 'ban-sao-bien-tap-hen-gio', scheduledAt: soon });
    expect(scheduled.status).toBe(200);
    const id = scheduled.body.data!.documentId;
    const log = await requestJson<{ results: Array<{ action: string; articleDocumentId: string; detail: string | null; editorEmail: string }> }>(
      cm('?page=1&pageSize=100&sort=at:DESC', LOG),
      { token: token.editor },
    );
    expect(log.body.results.filter((r) => r.articleDocumentId === id).map((r) => [r.action, r.detail, r.editorEmail])).toEqual([
      ['Hẹn giờ', soon, 'bientap@tintinh.test'],
    ]);
  });

  it('returns an approved story to review when a reporter changes anything readers get', async () => {
    const cover = await upload('reporter', 'anh-bia-moi.png');
    let n = 0;
    const changes: Record<string, () => unknown> = {
      title: () => `Tiêu đề đã đổi ${n}`,
      slug: () => `duong-dan-da-doi-${n}`,
      lead: () => `Sapo đã đổi ${n}`,
      body: () => `Nội dung đã đổi ${n}`,
      cover: () => cover.id,
      coverCaption: () => `Chú thích đã đổi ${n}`,
      byline: () => `Bút danh ${n}`,
      category: () => ({ connect: [{ documentId: otherCategory }] }),
      tags: () => ({ connect: [{ documentId: tag }] }),
      featured: () => true,
      datePublished: () => '2022-01-13T09:37:00.000Z',
      correction: () => `Đính chính ${n}`,
      seoTitle: () => `SEO ${n}`,
      seoDescription: () => `Mô tả ${n}`,
    };
    // A field added to the model must be listed here: otherwise its change would go unnoticed.
    expect(Object.keys(changes).sort()).toEqual([...ARTICLE_READER_FIELDS].sort());
    for (const field of ARTICLE_READER_FIELDS) {
      n++;
      const id = await create('reporter', { title: `Tin sẽ sửa trường ${field}`, slug: `tin-se-sua-truong-${n}` });
      await approve(id);
      const edit = await update('reporter', id, { [field]: changes[field]!() });
      expect(edit.status, `${field}: ${JSON.stringify(edit.body)}`).toBe(200);
      expect((await draftOf(id)).reviewState, `after a reporter changed ${field}`).toBe('Chờ duyệt');
    }
    // What is not a change keeps the approval: the form saved as it stands, an editor's own edit.
    const id = await create('reporter', { title: 'Tin lưu lại không đổi', slug: 'tin-luu-lai-khong-doi', lead: 'Sapo' });
    await approve(id);
    const same = await draftOf(id);
    expect((await update('reporter', id, { title: same.title, lead: same.lead, body: same.body ?? null })).status).toBe(200);
    expect((await draftOf(id)).reviewState).toBe('Đã duyệt');
    expect((await update('editor', id, { lead: 'Biên tập sửa sapo' })).status).toBe(200);
    expect((await draftOf(id)).reviewState).toBe('Đã duyệt');
  });

  it('lets a reporter delete or move only their own media, and none a published or approved story uses', async () => {
    const theirs = await upload('reporter2', 'anh-cua-dong-nghiep.png');
    const own = await upload('reporter', 'anh-cua-toi.png');
    for (const [path, body] of [
      ['/actions/bulk-delete', { fileIds: [theirs.id] }],
      ['/actions/bulk-move', { fileIds: [theirs.id], destinationFolderId: null }],
      ['/actions/bulk-delete', { fileIds: [own.id, theirs.id] }],
    ] as const) {
      const res = await media('reporter', path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(403);
    }
    expect(await fileExists(theirs.id)).toBe(true);
    expect(await fileExists(own.id)).toBe(true);
    expect((await media('reporter', '/actions/bulk-move', { fileIds: [own.id], destinationFolderId: null })).status).toBe(200);
    expect((await media('reporter', '/actions/bulk-delete', { fileIds: [own.id] })).status).toBe(200);
    expect(await fileExists(own.id)).toBe(false);

    // A reporter's own picture, once an approved story uses it, is the editors' to change.
    const cover = await upload('reporter', 'anh-bia-da-duyet.png');
    const story = await create('reporter', { title: 'Tin có ảnh bìa đã duyệt', cover: cover.id });
    await approve(story);
    expect((await media('reporter', '/actions/bulk-delete', { fileIds: [cover.id] })).status).toBe(403);
    expect((await requestJson(`${cms.url}/upload/files/${cover.id}`, { method: 'DELETE', token: token.reporter })).status).toBe(403);
    expect((await requestJson(`${cms.url}/upload/files/${cover.id}`, { method: 'PUT', token: token.reporter, json: { name: 'doi-ten.png' } })).status).toBe(
      403,
    );
    expect(await fileExists(cover.id)).toBe(true);

    // Folders hold everyone's files: editors arrange them.
    const folder = await requestJson<{ data: { id: number } }>(`${cms.url}/upload/folders`, {
      method: 'POST',
      token: token.editor,
      json: { name: 'Ảnh chung', parent: null },
    });
    expect(folder.status, JSON.stringify(folder.body)).toBe(201);
    const folderId = folder.body.data.id;
    expect(
      (await requestJson(`${cms.url}/upload/folders/${folderId}`, { method: 'PUT', token: token.reporter, json: { name: 'Đổi tên', parent: null } })).status,
    ).toBe(403);
    expect((await media('reporter', '/actions/bulk-delete', { folderIds: [folderId] })).status).toBe(403);
    expect((await media('reporter', '/actions/bulk-move', { folderIds: [folderId], destinationFolderId: null })).status).toBe(403);
    // Editors manage any file and folder.
    expect((await media('editor', '/actions/bulk-move', { fileIds: [theirs.id], destinationFolderId: folderId })).status).toBe(200);
    expect((await media('editor', '/actions/bulk-delete', { fileIds: [theirs.id], folderIds: [folderId] })).status).toBe(200);
    expect(await fileExists(theirs.id)).toBe(false);
  });

  it('answers 403, never 500, on a relation picker the role may not read, and sends no mail for a reporter', async () => {
    for (const path of ['/relations/api::comment.comment/article', `/relations/api::comment.comment/${'x'.repeat(24)}/article`]) {
      const res = await requestJson(`${cms.url}/content-manager${path}`, { token: token.reporter });
      expect(res.status, path).toBe(403);
    }
    // Their own story's category picker still works.
    expect((await requestJson(`${cms.url}/content-manager/relations/${ARTICLE}/category`, { token: token.reporter })).status).toBe(200);
    const mail = await requestJson(`${cms.url}/email`, {
      method: 'POST',
      token: token.reporter,
      json: { to: 'ban-doc@example.com', subject: 'Thông báo', text: 'Mời bấm vào liên kết' },
    });
    expect(mail.status).toBe(403);
  });
});
