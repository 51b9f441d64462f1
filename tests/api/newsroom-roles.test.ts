/**
 * Newsroom roles, the review queue and the publication log (#13), through the admin API with one
 * real user per role (created from the environment at first start, as an operator would): the
 * server refuses what a role may not do, whatever the admin's buttons show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, requestJson } from '../support/http.ts';
import { startTestCms, TEST_ADMIN, type TestCms } from '../support/test-cms.ts';

const ARTICLE = 'api::article.article';
const LOG = 'api::publication-log.publication-log';
const PASSWORD = 'Mat-khau-thu-nghiem-1';
const USERS = {
  reporter: { email: 'phongvien@tintinh.test', name: 'Lê Phóng Viên' },
  editor: { email: 'bientap@tintinh.test', name: 'Trần Biên Tập' },
  chief: { email: 'tongbientap@tintinh.test', name: 'Nguyễn Tổng Biên' },
};

type Doc = { documentId: string; title?: string; reviewState?: string | null; publishedAt?: string | null; [k: string]: unknown };
type LogRow = {
  action: string;
  articleDocumentId: string;
  titleBefore: string | null;
  titleAfter: string | null;
  editorName: string;
  editorEmail: string | null;
  at: string;
  detail: string | null;
  documentId: string;
};

describe('newsroom roles, review and the publication log', () => {
  let cms: TestCms;
  const token: Record<'admin' | keyof typeof USERS, string> = { admin: '', reporter: '', editor: '', chief: '' };
  let categoryId = '';

  const cm = (path = '') => `${cms.url}/content-manager/collection-types/${ARTICLE}${path}`;
  const as = (who: keyof typeof token) => token[who];
  const create = (who: keyof typeof token, data: Record<string, unknown>) =>
    requestJson<{ data: Doc }>(cm(), { method: 'POST', token: as(who), json: { ...data, category: { connect: [{ documentId: categoryId }] } } });
  const update = (who: keyof typeof token, id: string, data: Record<string, unknown>) =>
    requestJson<{ data: Doc }>(cm(`/${id}`), { method: 'PUT', token: as(who), json: data });
  const act = (who: keyof typeof token, id: string, action: 'publish' | 'unpublish') =>
    requestJson<{ data: Doc }>(cm(`/${id}/actions/${action}`), { method: 'POST', token: as(who), json: {} });
  const remove = (who: keyof typeof token, id: string) => requestJson(cm(`/${id}`), { method: 'DELETE', token: as(who) });
  const draftOf = async (id: string) => (await requestJson<{ data: Doc }>(cm(`/${id}?status=draft`), { token: as('admin') })).body.data;
  const log = async (who: keyof typeof token = 'editor') => {
    const res = await requestJson<{ results: LogRow[] }>(`${cms.url}/content-manager/collection-types/${LOG}?page=1&pageSize=100&sort=at:DESC`, {
      token: as(who),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results;
  };

  beforeAll(async () => {
    cms = await startTestCms({
      demoArticles: 2,
      env: {
        REPORTER_EMAIL: USERS.reporter.email,
        REPORTER_PASSWORD: PASSWORD,
        REPORTER_NAME: USERS.reporter.name,
        SECTION_EDITOR_EMAIL: USERS.editor.email,
        SECTION_EDITOR_PASSWORD: PASSWORD,
        SECTION_EDITOR_NAME: USERS.editor.name,
        CHIEF_EDITOR_EMAIL: USERS.chief.email,
        CHIEF_EDITOR_PASSWORD: PASSWORD,
        CHIEF_EDITOR_NAME: USERS.chief.name,
      },
    });
    token.admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    for (const who of ['reporter', 'editor', 'chief'] as const) token[who] = await adminToken(cms.url, USERS[who].email, PASSWORD);
    const categories = await requestJson<{ results: Doc[] }>(`${cms.url}/content-manager/collection-types/api::category.category?filters[slug][$eq]=xa-hoi`, {
      token: token.admin,
    });
    categoryId = categories.body.results[0]!.documentId;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('creates the three Vietnamese roles and their first users from the environment, all in Vietnamese', async () => {
    const expected = { reporter: 'Phóng viên', editor: 'Biên tập viên', chief: 'Tổng biên tập' };
    for (const who of ['reporter', 'editor', 'chief'] as const) {
      const me = await requestJson<{ data: { email: string; firstname: string; preferedLanguage: string; roles: Array<{ name: string }> } }>(
        `${cms.url}/admin/users/me`,
        {
          token: as(who),
        },
      );
      expect(me.body.data.email).toBe(USERS[who].email);
      expect(me.body.data.roles.map((r) => r.name)).toEqual([expected[who]]);
      expect(me.body.data.preferedLanguage).toBe('vi');
    }
    const admin = await requestJson<{ data: { preferedLanguage: string } }>(`${cms.url}/admin/users/me`, { token: as('admin') });
    expect(admin.body.data.preferedLanguage).toBe('vi');
    // Strapi's stock Editor and Author (English; Author publishes unreviewed) are gone from the picker.
    const roles = await requestJson<{ data: Array<{ name: string }> }>(`${cms.url}/admin/roles`, { token: as('admin') });
    expect(roles.body.data.map((r) => r.name).sort()).toEqual(['Biên tập viên', 'Phóng viên', 'Super Admin', 'Tổng biên tập']);
  });

  it('lets a reporter write and send for review, and refuses publishing, approving and other people’s stories', async () => {
    const created = await create('reporter', { title: 'Phóng viên viết tin về mùa lúa', body: 'Nội dung' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.documentId;
    expect((await draftOf(id)).reviewState).toBe('Nháp');

    expect((await act('reporter', id, 'publish')).status).toBe(403);
    expect((await update('reporter', id, { reviewState: 'Đã duyệt' })).status).toBe(403);
    const sent = await update('reporter', id, { reviewState: 'Chờ duyệt' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const draft = await draftOf(id);
    expect(draft.reviewState).toBe('Chờ duyệt');
    expect(draft.title).toBe('Phóng viên viết tin về mùa lúa');

    // A published story written by someone else: no edit, no unpublish, no delete.
    const other = await create('editor', { title: 'Tin của biên tập viên' });
    const otherId = other.body.data.documentId;
    expect((await act('editor', otherId, 'publish')).status).toBe(200);
    expect((await update('reporter', otherId, { title: 'Phóng viên sửa trộm' })).status).toBe(403);
    expect((await act('reporter', otherId, 'unpublish')).status).toBe(403);
    expect((await remove('reporter', otherId)).status).toBe(403);
    // Nor their own once it is published.
    expect((await act('editor', id, 'publish')).status).toBe(200);
    expect((await act('reporter', id, 'unpublish')).status).toBe(403);
    expect((await remove('reporter', id)).status).toBe(403);
    const live = await requestJson<{ data: Doc[] }>(`${cms.url}/api/articles?filters[documentId][$eq]=${id}`, { token: cms.siteToken });
    expect(live.body.data).toHaveLength(1);
    // Review bookkeeping stays inside the newsroom.
    expect(live.body.data[0]).not.toHaveProperty('reviewState');
    expect(live.body.data[0]).not.toHaveProperty('reviewNote');
  });

  it('shows editors the waiting stories; publishing approves', async () => {
    const waiting = await create('reporter', { title: 'Tin chờ duyệt số hai' });
    const id = waiting.body.data.documentId;
    expect((await update('reporter', id, { reviewState: 'Chờ duyệt' })).status).toBe(200);
    const queue = await requestJson<{ results: Doc[]; pagination: { total: number } }>(
      cm(`?page=1&pageSize=50&filters[$and][0][reviewState][$eq]=${encodeURIComponent('Chờ duyệt')}`),
      {
        token: as('editor'),
      },
    );
    expect(queue.status).toBe(200);
    expect(queue.body.results.map((d) => d.documentId)).toContain(id);
    expect(queue.body.pagination.total).toBe(queue.body.results.length);
    const returned = await update('editor', id, { reviewState: 'Trả lại', reviewNote: 'Thiếu nguồn tin, bổ sung tên người trả lời phỏng vấn' });
    expect(returned.status).toBe(200);
    expect((await draftOf(id)).reviewState).toBe('Trả lại');
    expect((await update('reporter', id, { reviewState: 'Chờ duyệt', title: 'Tin chờ duyệt số hai (đã bổ sung)' })).status).toBe(200);
    expect((await act('editor', id, 'publish')).status).toBe(200);
    expect((await draftOf(id)).reviewState).toBe('Đã duyệt');
  });

  it('lets no reporter schedule a story, or change one an editor has scheduled: it would go out unreviewed', async () => {
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const refused = await create('reporter', { title: 'Tin phóng viên tự hẹn giờ', scheduledAt: soon });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);

    const draft = await create('reporter', { title: 'Tin phóng viên viết, biên tập hẹn giờ' });
    expect(draft.status).toBe(201);
    const id = draft.body.data.documentId;
    expect((await update('reporter', id, { scheduledAt: soon })).status).toBe(403);
    expect((await draftOf(id)).scheduledAt ?? null).toBeNull();

    expect((await update('editor', id, { scheduledAt: soon })).status).toBe(200);
    const edit = await update('reporter', id, { title: 'Phóng viên sửa sau khi đã hẹn giờ' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(403);
    expect((await update('reporter', id, { reviewState: 'Chờ duyệt' })).status).toBe(403);
    const after = await draftOf(id);
    expect(after.title).toBe('Tin phóng viên viết, biên tập hẹn giờ');
    expect(Date.parse(String(after.scheduledAt))).toBe(Date.parse(soon));
    // Editors still edit a scheduled story.
    expect((await update('editor', id, { title: 'Biên tập sửa tin đã hẹn giờ' })).status).toBe(200);
  });

  it('signs a preview link only for a draft the user may read', async () => {
    const previewUrl = async (who: keyof typeof token, id: string) => {
      const res = await requestJson<{ data?: { url?: string } }>(`${cms.url}/content-manager/preview/url/${ARTICLE}?documentId=${id}&status=draft`, {
        token: as(who),
      });
      return { status: res.status, url: res.body?.data?.url ?? null };
    };
    const own = (await create('reporter', { title: 'Bản nháp của phóng viên' })).body.data.documentId;
    const editors = await create('editor', { title: 'Tin đã đăng của biên tập viên' });
    const theirs = editors.body.data.documentId;
    expect((await act('editor', theirs, 'publish')).status).toBe(200);
    // An unreleased edit of a published story: the reporter may not read it, so gets no link to it.
    expect((await update('editor', theirs, { title: 'Bản sửa chưa đăng' })).status).toBe(200);
    expect(await previewUrl('reporter', theirs)).toEqual({ status: 204, url: null });
    expect((await previewUrl('reporter', own)).url).toMatch(new RegExp(`/preview/${own}/\\?exp=\\d+&sig=`));
    expect((await previewUrl('editor', own)).url).toContain(`/preview/${own}/`);
    expect((await previewUrl('editor', theirs)).url).toContain(`/preview/${theirs}/`);
  });

  it('logs every publish, unpublish, delete, schedule and correction with who did it, newest first', async () => {
    const story = await create('reporter', { title: 'Tiêu đề ban đầu' });
    const id = story.body.data.documentId;
    expect((await act('editor', id, 'publish')).status).toBe(200);
    expect((await update('editor', id, { title: 'Tiêu đề đã sửa' })).status).toBe(200);
    expect((await act('chief', id, 'publish')).status).toBe(200);
    expect((await update('editor', id, { correction: 'Bản trước ghi sai số liệu.' })).status).toBe(200);
    expect((await act('editor', id, 'publish')).status).toBe(200);
    expect((await act('editor', id, 'unpublish')).status).toBe(200);
    const scheduled = await create('editor', { title: 'Tin hẹn giờ đăng' });
    const at = new Date(Date.now() + 86_400_000).toISOString();
    expect((await update('editor', scheduled.body.data.documentId, { scheduledAt: at })).status).toBe(200);
    expect((await remove('chief', id)).status).toBe(200);

    const rows = (await log()).filter((r) => r.articleDocumentId === id || r.articleDocumentId === scheduled.body.data.documentId);
    const summary = rows.map((r) => [r.action, r.editorEmail, r.titleBefore, r.titleAfter]);
    expect(summary).toEqual([
      ['Xóa', USERS.chief.email, 'Tiêu đề đã sửa', null],
      ['Hẹn giờ', USERS.editor.email, null, 'Tin hẹn giờ đăng'],
      ['Gỡ', USERS.editor.email, 'Tiêu đề đã sửa', null],
      ['Đính chính', USERS.editor.email, 'Tiêu đề đã sửa', 'Tiêu đề đã sửa'],
      ['Đăng', USERS.chief.email, 'Tiêu đề ban đầu', 'Tiêu đề đã sửa'],
      ['Đăng', USERS.editor.email, null, 'Tiêu đề ban đầu'],
    ]);
    expect(rows.find((r) => r.action === 'Hẹn giờ')?.detail).toBe(at);
    expect(rows.find((r) => r.action === 'Đính chính')?.detail).toBe('Bản trước ghi sai số liệu.');
    expect(rows[0]!.editorName).toBe(USERS.chief.name);
    const times = rows.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('keeps the log read-only for every role, the super admin included', async () => {
    const [entry] = await log();
    expect(entry).toBeDefined();
    const url = `${cms.url}/content-manager/collection-types/${LOG}`;
    for (const who of ['reporter', 'editor', 'chief', 'admin'] as const) {
      const edit = await requestJson(`${url}/${entry!.documentId}`, { method: 'PUT', token: as(who), json: { editorName: 'Người khác' } });
      expect(edit.status, `${who} edits`).toBe(403);
      const forged = await requestJson(url, {
        method: 'POST',
        token: as(who),
        json: { action: 'Đăng', articleDocumentId: 'x', editorName: 'Giả', at: new Date().toISOString() },
      });
      expect(forged.status, `${who} adds`).toBe(403);
      const erased = await requestJson(`${url}/${entry!.documentId}`, { method: 'DELETE', token: as(who) });
      expect(erased.status, `${who} deletes`).toBe(403);
    }
    expect((await requestJson(`${url}?page=1&pageSize=1`, { token: as('reporter') })).status).toBe(403);
    const after = await log('chief');
    expect(after.find((r) => r.documentId === entry!.documentId)).toEqual(entry);
  });

  it('lets the editor-in-chief manage the newsroom’s users, and no one else below', async () => {
    const roles = await requestJson<{ data: Array<{ id: number; name: string }> }>(`${cms.url}/admin/roles`, { token: as('chief') });
    expect(roles.status).toBe(200);
    const reporterRole = roles.body.data.find((r) => r.name === 'Phóng viên')!;
    const invite = { email: 'phongvien2@tintinh.test', firstname: 'Phóng viên', lastname: 'Mới', roles: [reporterRole.id] };
    expect((await requestJson(`${cms.url}/admin/users`, { method: 'POST', token: as('editor'), json: invite })).status).toBe(403);
    const created = await requestJson<{ data: { preferedLanguage: string | null } }>(`${cms.url}/admin/users`, {
      method: 'POST',
      token: as('chief'),
      json: invite,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.preferedLanguage).toBe('vi');
  });

  it('keeps the editor-in-chief below the super admin: no granting it, no taking over or removing a super admin', async () => {
    type User = { id: number; email: string; roles: Array<{ id: number; code: string }> };
    const users = async () =>
      (await requestJson<{ data: { results: User[] } }>(`${cms.url}/admin/users?pageSize=100`, { token: as('admin') })).body.data.results;
    const superAdmin = (await users()).find((u) => u.email === TEST_ADMIN.email)!;
    const chief = (await users()).find((u) => u.email === USERS.chief.email)!;
    const superRoleId = superAdmin.roles.find((r) => r.code === 'strapi-super-admin')!.id;
    const chiefRoleId = chief.roles[0]!.id;
    const userUrl = (id: number) => `${cms.url}/admin/users/${id}`;
    const asChief = (url: string, method: string, json?: unknown) => requestJson<{ error?: { message: string } }>(url, { method, token: as('chief'), json });

    // Promoting themselves, inviting a new super admin, or seizing the super admin's account.
    const promote = await asChief(userUrl(chief.id), 'PUT', { roles: [chiefRoleId, superRoleId] });
    expect(promote.status, JSON.stringify(promote.body)).toBe(403);
    const invite = await asChief(`${cms.url}/admin/users`, 'POST', {
      email: 'quantri2@tintinh.test',
      firstname: 'Quản',
      lastname: 'Trị',
      roles: [superRoleId],
    });
    expect(invite.status, JSON.stringify(invite.body)).toBe(403);
    expect((await asChief(userUrl(superAdmin.id), 'PUT', { password: 'Chiem-quyen-2026' })).status).toBe(403);
    expect((await asChief(userUrl(superAdmin.id), 'PUT', { email: 'tongbientap2@tintinh.test' })).status).toBe(403);
    // A second super admin, so that Strapi's own "keep the last one" rule is not what refuses.
    const second = await requestJson<{ data: User }>(`${cms.url}/admin/users`, {
      method: 'POST',
      token: as('admin'),
      json: { email: 'quantri@tintinh.test', firstname: 'Quản', lastname: 'Trị', roles: [superRoleId] },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await asChief(userUrl(superAdmin.id), 'PUT', { isActive: false })).status).toBe(403);
    expect((await asChief(userUrl(second.body.data.id), 'DELETE')).status).toBe(403);
    expect((await asChief(`${cms.url}/admin/users/batch-delete`, 'POST', { ids: [second.body.data.id] })).status).toBe(403);

    // Nothing changed: the chief is still only a chief, the super admin still logs in as before.
    const after = await users();
    expect(after.find((u) => u.id === chief.id)!.roles.map((r) => r.id)).toEqual([chiefRoleId]);
    expect(after.some((u) => u.email === 'quantri2@tintinh.test')).toBe(false);
    expect(after.find((u) => u.id === superAdmin.id)!.email).toBe(TEST_ADMIN.email);
    expect(after.some((u) => u.id === second.body.data.id)).toBe(true);
    await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);

    // Their own newsroom stays theirs to run, and the super admin may still appoint another.
    const reporter = (await users()).find((u) => u.email === USERS.reporter.email)!;
    expect((await asChief(userUrl(reporter.id), 'PUT', { firstname: 'Lê', lastname: 'Phóng Viên' })).status).toBe(200);
    const appointed = await requestJson(userUrl(chief.id), { method: 'PUT', token: as('admin'), json: { roles: [chiefRoleId, superRoleId] } });
    expect(appointed.status, JSON.stringify(appointed.body)).toBe(200);
    expect((await requestJson(userUrl(chief.id), { method: 'PUT', token: as('admin'), json: { roles: [chiefRoleId] } })).status).toBe(200);
  });
});
