/**
 * The role × route matrix (#30): every route the CMS registers at runtime (Strapi's own
 * listing, scripts/list-routes.ts) is called as each newsroom role with real accounts, on real
 * stories and files of another user (and of the caller, where ownership decides), and must
 * answer as tests/support/route-table.ts says. A route missing from the table fails, so a route a
 * Strapi upgrade adds cannot slip through unexamined; no route may answer a 5xx to anyone.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../support/http.ts';
import { newsroomEnv, newsroomTokens, signIn, type Who } from '../support/newsroom.ts';
import {
  type Access,
  ADMIN_ROUTES,
  CM_ROUTES,
  type CmRule,
  MODEL_RIGHTS,
  PUBLIC_ROUTES,
  RELATION_FIELD,
  type Role,
  type RouteRule,
  type Target,
} from '../support/route-table.ts';
import { startTestCms, type TestCms } from '../support/test-cms.ts';

const ROLES: Role[] = ['reporter', 'editor', 'chief'];
const MODELS = Object.keys(MODEL_RIGHTS);
/** An id nothing has: where every role is refused, the refusal must come before any lookup. */
const NOBODY_ID = '1';

type Answer = { status: number; body: unknown };

describe('role × route matrix', () => {
  let cms: TestCms;
  let token: Record<Who, string>;
  let category = '';
  let demoArticle = '';
  let logEntry = '';
  let reporterRole = 0;
  let png: Buffer;
  const failures: string[] = [];

  const call = async (method: string, path: string, who: Who | null, body?: unknown, query = ''): Promise<Answer> => {
    const url = `${cms.url}${path}${query ? `?${query}` : ''}`;
    const withBody = method !== 'GET' && method !== 'DELETE';
    return requestJson(url, { method, token: who ? token[who] : undefined, json: withBody ? (body ?? {}) : undefined });
  };

  // Targets, made by the super admin or by their owner.
  const cmCreate = async (who: Who, model: string, data: Record<string, unknown>) => {
    const res = await requestJson<{ data: { documentId: string } }>(`${cms.url}/content-manager/collection-types/${model}`, {
      method: 'POST',
      token: token[who],
      json: data,
    });
    if (res.status !== 201) throw new Error(`making a ${model} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.documentId;
  };
  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const sample = (model: string): Record<string, unknown> => {
    const u = unique();
    switch (model) {
      case 'api::article.article':
        return { title: `Tin thử quyền ${u}`, slug: `tin-thu-quyen-${u}`, category: { connect: [{ documentId: category }] } };
      case 'api::comment.comment':
        return { authorName: 'Bạn đọc', body: 'Bình luận', moderationStatus: 'pending', article: { connect: [{ documentId: demoArticle }] } };
      case 'api::poll.poll':
        return { question: `Câu hỏi ${u}`, options: [{ label: 'Có' }, { label: 'Không' }] };
      case 'api::weather-note.weather-note':
        return { region: 'Bạc Liêu', forecast: 'Nắng', issuedAt: '2030-01-01T00:00:00.000Z', validUntil: '2030-01-02T00:00:00.000Z' };
      case 'api::category.category':
        return { name: `Chuyên mục ${u}`, slug: `chuyen-muc-${u}` };
      case 'api::tag.tag':
        return { name: `Thẻ ${u}`, slug: `the-${u}` };
      default:
        throw new Error(`no sample for ${model}`);
    }
  };
  /** An entry of `model`: an article by `owner`, anything else by the super admin (the log's, an existing line). */
  const entry = async (model: string, owner: Who) => {
    if (model === 'api::publication-log.publication-log') return logEntry;
    return cmCreate(model === 'api::article.article' ? owner : 'admin', model, sample(model));
  };
  const file = async (owner: Who) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), `anh-${unique()}.png`);
    const res = await fetch(`${cms.url}/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token[owner]}` } });
    if (res.status !== 201) throw new Error(`uploading as ${owner}: ${res.status}`);
    return String(((await res.json()) as Array<{ id: number }>)[0]!.id);
  };
  const make = async (target: Target, owner: Who): Promise<string> => {
    switch (target) {
      case 'article':
        return entry('api::article.article', owner);
      case 'file':
        return file(owner);
      case 'folder': {
        const res = await requestJson<{ data: { id: number } }>(`${cms.url}/upload/folders`, {
          method: 'POST',
          token: token.editor,
          json: { name: `Thư mục ${unique()}`, parent: null },
        });
        return String(res.body.data.id);
      }
      case 'user': {
        const res = await requestJson<{ data: { id: number } }>(`${cms.url}/admin/users`, {
          method: 'POST',
          token: token.admin,
          json: { email: `dich.${unique()}@tintinh.test`, firstname: 'Đích', roles: [reporterRole] },
        });
        if (res.status !== 201) throw new Error(`inviting a user: ${res.status} ${JSON.stringify(res.body)}`);
        return String(res.body.data.id);
      }
      case 'role': {
        const res = await requestJson<{ data: { id: number } }>(`${cms.url}/admin/roles`, {
          method: 'POST',
          token: token.admin,
          json: { name: `Vai ${unique()}`, description: 'thử' },
        });
        if (res.status !== 201) throw new Error(`making a role: ${res.status} ${JSON.stringify(res.body)}`);
        return String(res.body.data.id);
      }
      default:
        return NOBODY_ID;
    }
  };

  /** A path with its parameters filled in. */
  const fill = (path: string, params: Record<string, string>) =>
    path
      .replace('/admin/:path*', '/admin/')
      .replace('/uploads/(.*)', '/uploads/khong-co.png')
      .replace('/((?!uploads/).+)', '/khong-co.txt')
      .replace('/api/connect/(.*)', '/api/connect/github')
      .replace(/:(\w+)/g, (_, name: string) => params[name] ?? NOBODY_ID);

  const refused = (a: Answer) => a.status === 401 || a.status === 403;
  const passed = (a: Answer) => !refused(a) && a.status < 500;

  type Expect = 'pass' | 'refuse' | 'open' | number | readonly number[];
  const check = (label: string, expected: Expect, a: Answer) => {
    const ok =
      typeof expected === 'number'
        ? a.status === expected
        : Array.isArray(expected)
          ? expected.includes(a.status)
          : expected === 'pass'
            ? passed(a)
            : expected === 'refuse'
              ? refused(a)
              : a.status < 500;
    if (!ok) failures.push(`${label}: expected ${expected}, got ${a.status} ${JSON.stringify(a.body).slice(0, 160)}`);
  };
  const params = (id: string, model = 'api::article.article'): Record<string, string> => ({
    id,
    sourceId: id,
    documentId: id,
    role: id,
    model,
    uid: model,
    contentType: model,
    targetField: RELATION_FIELD[model]?.field ?? 'category',
    sessionId: 'khong-co',
    name: 'khong-co',
  });

  /** Calls one admin route as one role, as its row says. */
  const exercise = async (key: string, row: RouteRule, role: Role) => {
    const [method, path] = key.split(' ') as [string, string];
    const access: Access = row.access[role];
    const target = row.target ?? 'none';
    const run = async (id: string, label: string, expected: Expect) => {
      const a = await call(
        method === 'ALL' ? 'GET' : method,
        fill(path.replace('/components/:uid', '/components/poll.option'), params(id)),
        role,
        row.body?.(id),
        row.query?.(id),
      );
      check(`${role} ${key} (${label})`, expected, a);
      return a;
    };
    const theirs = target === 'none' ? NOBODY_ID : await make(target, 'reporter2');
    if (row.status !== undefined) await run(theirs, 'anyone', row.status);
    else if (access === 'none') await run(theirs, "another's", 'refuse');
    else if (access === 'open') await run(theirs, 'open', 'open');
    else if (access === 'all') await run(theirs, "another's", 'pass');
    else if (!path.includes(':id') && !row.body && !row.query) {
      // own, on a list: it answers, without another's.
      const a = await run(theirs, 'list', 'pass');
      if (JSON.stringify(a.body).includes(`"id":${theirs},`)) failures.push(`${role} ${key}: lists another's ${target} ${theirs}`);
    } else if (key.includes('/preview/url/')) {
      // A preview link is refused by giving none (204).
      const a = await run(theirs, "another's", 204);
      if (JSON.stringify(a.body ?? '').includes('/preview/')) failures.push(`${role} ${key}: a preview link to another's draft`);
      await run(await make(target, role), 'own', 'pass');
    } else {
      await run(theirs, "another's", 'refuse');
      await run(await make(target, role), 'own', 'pass');
    }
  };

  /** Calls one content-manager route over `model` as one role, as MODEL_RIGHTS (or RELATION_FIELD) says. */
  const exerciseCm = async (key: string, rule: CmRule, model: string, role: Role) => {
    const [method, path] = key.split(' ') as [string, string];
    const rights = MODEL_RIGHTS[model]![role];
    const access: Access = rule.verb === 'relation' ? RELATION_FIELD[model]!.access[role] : (rights[rule.verb] ?? 'none');
    const entryIn = rule.entryIn ?? 'path';
    const drafts = MODELS_WITH_DRAFTS.has(model);
    const creates = rule.verb === 'create' || (rule.verb === 'publish' && entryIn === 'none');
    const target = async (owner: Who) => {
      const id = await entry(model, owner);
      if (rule.published && drafts) await cmAction(model, id, 'publish');
      return id;
    };
    const run = async (id: string, label: string, expected: Expect) => {
      const body = rule.body ? rule.body(id) : creates && model !== LOG ? sample(model) : {};
      const a = await call(method, fill(path, params(id, model)), role, body, rule.query?.(id));
      check(`${role} ${key} [${model}] (${label})`, expected, a);
      return a;
    };
    const theirs = entryIn !== 'none' || rule.query ? await target('reporter2') : NOBODY_ID;
    const fixed = rule.refusedOn?.[model];
    if (fixed) return void (await run(theirs, 'any', fixed.status));
    // A draft route on a type without drafts: refused, with 400 once past the permission check.
    const noDrafts = rule.draftsOnly && !drafts;
    if (access === 'none') await run(theirs, "another's", 'refuse');
    else if (noDrafts) await run(theirs, 'no drafts', 400);
    else if (access === 'all' || (entryIn === 'none' && !rule.query && rule.verb !== 'read')) await run(theirs, "another's", 'pass');
    else if (entryIn === 'none' && !rule.query) {
      // own, on the list: it answers, without another's story.
      const other = await target('reporter2');
      const a = await run(other, 'list', 'pass');
      if (JSON.stringify(a.body).includes(other)) failures.push(`${role} ${key} [${model}]: lists another's entry ${other}`);
    } else {
      await run(theirs, "another's", 'refuse');
      await run(await target(role), 'own', 'pass');
    }
  };

  /** The session-ending routes, run last for each role: they end the token it used. The one with a made-up session id ends nothing. */
  const SESSION_ROUTES = Object.entries(ADMIN_ROUTES).filter(([key, row]) => row.endsSession && !key.endsWith(':sessionId'));
  const LOG = 'api::publication-log.publication-log';
  const MODELS_WITH_DRAFTS = new Set(['api::article.article', 'api::poll.poll']);
  const cmAction = async (model: string, id: string, action: 'publish') => {
    const res = await requestJson(`${cms.url}/content-manager/collection-types/${model}/${id}/actions/${action}`, {
      method: 'POST',
      token: token.admin,
      json: {},
    });
    if (res.status !== 200) throw new Error(`${action} ${model} ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 90, b: 160 } } })
      .png()
      .toBuffer();
    cms = await startTestCms({ demoArticles: 2, env: newsroomEnv(), listRoutes: true });
    token = await newsroomTokens(cms.url);
    const first = async (uid: string) =>
      (
        await requestJson<{ results: Array<{ documentId: string }> }>(`${cms.url}/content-manager/collection-types/${uid}?page=1&pageSize=1`, {
          token: token.admin,
        })
      ).body.results[0]!.documentId;
    category = await first('api::category.category');
    demoArticle = await first('api::article.article');
    logEntry = await first('api::publication-log.publication-log');
    const roles = await requestJson<{ data: Array<{ id: number; code: string }> }>(`${cms.url}/admin/roles`, { token: token.admin });
    reporterRole = roles.body.data.find((r) => r.code === 'tt-phong-vien')!.id;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('has a row for every route the CMS registers, and none for a route it does not', () => {
    const registered = cms.routes.map((r) => `${r.method} ${r.path}`);
    expect(registered.length).toBeGreaterThan(250);
    const tabled = new Set([...Object.keys(ADMIN_ROUTES), ...Object.keys(CM_ROUTES), ...Object.keys(PUBLIC_ROUTES)]);
    expect(
      registered.filter((r) => !tabled.has(r)),
      'routes the CMS registers that route-table.ts does not decide',
    ).toEqual([]);
    expect(
      [...tabled].filter((r) => !registered.includes(r)),
      'rows of route-table.ts for routes the CMS no longer registers',
    ).toEqual([]);
    const [admin, cm, api] = [ADMIN_ROUTES, CM_ROUTES, PUBLIC_ROUTES].map((t) => Object.keys(t).length);
    console.log(
      `[matrix] ${registered.length} routes: ${admin} admin × ${ROLES.length} roles, ${cm} content-manager × ${MODELS.length} types × ${ROLES.length} roles, ${api} content API × the anonymous reader`,
    );
  });

  it.each(ROLES)(
    'holds the %s to the table on every admin route',
    async (role) => {
      failures.length = 0;
      for (const [key, row] of Object.entries(ADMIN_ROUTES))
        if (!row.endsSession) await exercise(key, row, role).catch((err: unknown) => failures.push(`${role} ${key}: ${String(err)}`));
      // Last, on the role's own token, each ending it (a new sign-in after each: the admin's
      // login is rate limited, so no more than that).
      for (const [key, row] of SESSION_ROUTES) {
        await exercise(key, row, role);
        token[role] = await signIn(cms.url, role);
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it.each(ROLES)(
    'holds the %s to the table on every content-manager route of every type',
    async (role) => {
      failures.length = 0;
      for (const [key, rule] of Object.entries(CM_ROUTES)) for (const model of MODELS) await exerciseCm(key, rule, model, role);
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it('answers a reader without a token on the content API as the table says', async () => {
    failures.length = 0;
    for (const [key, row] of Object.entries(PUBLIC_ROUTES)) {
      const [method, path] = key.split(' ') as [string, string];
      const a = await call(method, fill(path, { ...params(demoArticle), provider: 'github', role: NOBODY_ID }), null);
      check(`reader ${key}`, row.access === 'open' ? 'open' : 'refuse', a);
    }
    expect(failures).toEqual([]);
  });
});
