/**
 * What each newsroom role may do on every route the CMS registers: the table the role × route
 * matrix test (tests/api/route-matrix.test.ts) holds the running CMS to. Every route Strapi lists
 * at runtime must have a row here, and every row must name a route Strapi lists: a route a Strapi
 * upgrade adds fails the test until someone decides, here, who may call it.
 *
 * Access:
 * - `open`: reachable without signing in (login, registration, the admin panel's files, /_health);
 *   the answer depends on what is sent, not on who sends it. Asserted: never a 5xx.
 * - `all`: the role passes the route's permission checks (never 401/403, never 5xx).
 * - `none`: the role is refused (403, or 401 where the route takes another kind of credential).
 * - `own`: passes on the caller's own story or file, 403 on someone else's; a list shows only
 *   the caller's own.
 * - `cm`: a content-manager route over `:model`; who may is the model's row in MODEL_RIGHTS.
 */

export type Access = 'open' | 'all' | 'none' | 'own';
export type Role = 'reporter' | 'editor' | 'chief';
/** What a route acts on when a role is expected to pass: made fresh for every call. */
export type Target = 'article' | 'file' | 'folder' | 'user' | 'role' | 'webhook' | 'api-token' | 'none';

export interface RouteRule {
  access: Record<Role, Access>;
  /** The thing `:id` (or the body) names, when some role may act on it. */
  target?: Target;
  /** The request body (JSON) or query; `id` is the target's id (documentId for entries). */
  body?: (id: string) => unknown;
  query?: (id: string) => string;
  /** The call ends the caller's sessions: it gets a token of its own. */
  endsSession?: boolean;
  /** Why a route is left open to every role, or refused to all. */
  why?: string;
  /** The statuses every role gets, whoever asks (a feature that is off here). */
  status?: readonly number[];
}

/** The content-manager's verbs, as its routes check them. */
export type Verb = 'create' | 'read' | 'update' | 'delete' | 'publish' | 'clone' | 'relation';
export interface CmRule {
  verb: Verb;
  body?: (id: string) => unknown;
  query?: (id: string) => string;
  /** No id in the path: the entry goes in the body (bulk actions) or nowhere (list, create). */
  entryIn?: 'path' | 'body' | 'none';
  /** Acts on a published version (unpublish, discard): the entry is published first. */
  published?: boolean;
  /** A draft route: on a type without drafts it is refused with 400 to a role that passes its permission check (policies/drafts-only.ts). */
  draftsOnly?: boolean;
  /** Models on which the route refuses everyone with this status before any permission question, and why. */
  refusedOn?: Record<string, { status: number; why: string }>;
}

const rule = (reporter: Access, editor: Access, chief: Access, more: Omit<RouteRule, 'access'> = {}): RouteRule => ({
  access: { reporter, editor, chief },
  ...more,
});
const open = (why: string) => rule('open', 'open', 'open', { why });
const everyone = (why: string, more: Omit<RouteRule, 'access'> = {}) => rule('all', 'all', 'all', { why, ...more });
const nobody = (why: string) => rule('none', 'none', 'none', { why });
const answered = (status: readonly number[], why: string) => rule('none', 'none', 'none', { why, status });
const chiefOnly = (target: Target, more: Omit<RouteRule, 'access' | 'target'> = {}) => rule('none', 'none', 'all', { target, ...more });
const desk = (target: Target, more: Omit<RouteRule, 'access' | 'target'> = {}) => rule('none', 'all', 'all', { target, ...more });
const ownFiles = (more: Omit<RouteRule, 'access' | 'target'> = {}) => rule('own', 'all', 'all', { target: 'file', ...more });

const SETTINGS = 'settings of the whole CMS: the super admin only';
const TOKENS = 'credentials that act as the CMS: the super admin only';
const PLUGIN_USERS = 'the reader accounts plugin (registration is closed): the super admin only';
const BUILDER = 'the content model is code (content-types/): nobody edits it in the admin';

/** Every admin route but the content manager's per-model ones, by `METHOD path`. */
export const ADMIN_ROUTES: Record<string, RouteRule> = {
  // The admin panel and its sign-in.
  'GET /admin/:path*': open('the admin panel’s own files'),
  'GET /admin/init': open('the sign-in page reads it before anyone signs in'),
  'GET /admin/project-type': open('the sign-in page reads it'),
  'POST /admin/login': open('sign-in'),
  'POST /admin/access-token': open('renews a session from its cookie'),
  'POST /admin/register-admin': open('first-admin setup: refused once an admin exists'),
  'GET /admin/registration-info': open('an invitation’s details, by its secret token'),
  'POST /admin/register': open('accepting an invitation, by its secret token'),
  'POST /admin/forgot-password': open('password reset'),
  'POST /admin/reset-password': open('password reset, by its secret token'),
  'POST /admin/logout': everyone('ends one’s own session', { endsSession: true }),
  'GET /admin/information': everyone('version and environment, shown in every account’s settings'),
  'GET /admin/telemetry-properties': everyone('the admin reads it at start (telemetry is off)'),
  'GET /admin/plugins': nobody('the installed plugins, for the marketplace page: the super admin only'),
  'GET /admin/license-trial-time-left': everyone(
    'the admin reads it at start; answered by the CMS itself (middlewares/no-phone-home.ts), no call to Strapi’s servers',
  ),
  'GET /admin/guided-tour-meta': everyone('the admin’s first-run tour'),
  'GET /admin/project-settings': nobody(SETTINGS),
  'POST /admin/project-settings': nobody(SETTINGS),
  'GET /admin/homepage/key-statistics': everyone('the admin’s home page: counts of files, types, accounts and tokens, no content'),
  'GET /admin/homepage/layout': everyone('one’s own home page layout'),
  'PUT /admin/homepage/layout': everyone('one’s own home page layout', { body: () => ({ widgets: [] }) }),
  'GET /admin/ai-usage': answered([404], 'AI features are not licensed here'),
  'GET /admin/ai-token': answered([404], 'AI features are not licensed here'),
  'GET /admin/ai-feature-config': everyone('the admin asks whether AI features are on (they are not)'),
  // One's own account.
  'GET /admin/permissions': everyone('the catalogue of permissions a role can hold: no content, no one’s rights'),
  'POST /admin/permissions/check': everyone('the admin asks which of its buttons to show', { body: () => ({ permissions: [] }) }),
  'GET /admin/users/me': everyone('one’s own profile'),
  'PUT /admin/users/me': everyone('one’s own profile', { body: () => ({ firstname: 'Tên' }) }),
  'GET /admin/users/me/permissions': everyone('one’s own permissions'),
  'GET /admin/users/me/sessions': everyone('one’s own sessions'),
  'DELETE /admin/users/me/sessions': everyone('signs out one’s own other sessions', { endsSession: true }),
  'DELETE /admin/users/me/sessions/:sessionId': everyone('ends one of one’s own sessions (asked here about one that does not exist)'),
  // The newsroom's accounts: the editor-in-chief's (super-admin-guard.ts keeps them below the super admin).
  'POST /admin/users': chiefOnly('none', {
    body: () => ({ email: `moi.${Date.now()}.${Math.random().toString(36).slice(2)}@tintinh.test`, firstname: 'Mới', roles: [] }),
  }),
  'GET /admin/users': chiefOnly('none'),
  'GET /admin/users/:id': chiefOnly('user'),
  'PUT /admin/users/:id': chiefOnly('user', { body: () => ({ firstname: 'Đổi' }) }),
  'DELETE /admin/users/:id': chiefOnly('user'),
  'POST /admin/users/batch-delete': chiefOnly('user', { body: (id) => ({ ids: [Number(id)] }) }),
  'GET /admin/roles': chiefOnly('none', { why: 'to pick a role when inviting someone' }),
  'GET /admin/roles/:id': chiefOnly('role'),
  'GET /admin/roles/:id/permissions': chiefOnly('role', { why: 'what a role may do, shown when inviting someone' }),
  'PUT /admin/roles/:id/permissions': nobody(SETTINGS),
  'POST /admin/roles': nobody(SETTINGS),
  'PUT /admin/roles/:id': nobody(SETTINGS),
  'DELETE /admin/roles/:id': nobody(SETTINGS),
  'POST /admin/roles/batch-delete': nobody(SETTINGS),
  'GET /admin/webhooks': nobody(SETTINGS),
  'POST /admin/webhooks': nobody(SETTINGS),
  'GET /admin/webhooks/:id': nobody(SETTINGS),
  'PUT /admin/webhooks/:id': nobody(SETTINGS),
  'DELETE /admin/webhooks/:id': nobody(SETTINGS),
  'POST /admin/webhooks/batch-delete': nobody(SETTINGS),
  'POST /admin/webhooks/:id/trigger': nobody(SETTINGS),
  'POST /admin/api-tokens': nobody(TOKENS),
  'GET /admin/api-tokens': nobody(TOKENS),
  'GET /admin/api-tokens/:id': nobody(TOKENS),
  'PUT /admin/api-tokens/:id': nobody(TOKENS),
  'DELETE /admin/api-tokens/:id': nobody(TOKENS),
  'POST /admin/api-tokens/:id/regenerate': nobody(TOKENS),
  'POST /admin/admin-tokens': nobody(TOKENS),
  'GET /admin/admin-tokens': nobody(TOKENS),
  'GET /admin/admin-tokens/:id': nobody(TOKENS),
  'PUT /admin/admin-tokens/:id': nobody(TOKENS),
  'DELETE /admin/admin-tokens/:id': nobody(TOKENS),
  'POST /admin/admin-tokens/:id/regenerate': nobody(TOKENS),
  'GET /admin/admin-tokens/:id/owner-permissions': nobody(TOKENS),
  'GET /admin/content-api/permissions': everyone('the catalogue of content API actions (the public API’s own routes): no content'),
  'GET /admin/content-api/routes': everyone('the content API’s routes: the public API, no content'),
  'GET /admin/transfer/runner/push': nobody('data transfer, with a transfer token only'),
  'GET /admin/transfer/runner/pull': nobody('data transfer, with a transfer token only'),
  'POST /admin/transfer/tokens': nobody(TOKENS),
  'GET /admin/transfer/tokens': nobody(TOKENS),
  'GET /admin/transfer/tokens/:id': nobody(TOKENS),
  'PUT /admin/transfer/tokens/:id': nobody(TOKENS),
  'DELETE /admin/transfer/tokens/:id': nobody(TOKENS),
  'POST /admin/transfer/tokens/:id/regenerate': nobody(TOKENS),

  // The content manager, apart from its per-model routes (CM_ROUTES).
  'GET /content-manager/init': everyone('the content manager’s start: the types the role may see'),
  'GET /content-manager/content-types': everyone('the types the role may see'),
  'GET /content-manager/content-types-settings': everyone('list view settings'),
  'GET /content-manager/content-types/:uid/configuration': everyone('how the edit view is laid out'),
  'PUT /content-manager/content-types/:uid/configuration': nobody('the edit views are set by the CMS at every start (admin-views.ts)'),
  'GET /content-manager/components': everyone('the poll option component’s layout'),
  'GET /content-manager/components/:uid/configuration': everyone('the poll option component’s layout'),
  'PUT /content-manager/components/:uid/configuration': nobody(
    'the edit views are set by the CMS at every start; Strapi checks nothing here (extensions/content-manager)',
  ),
  'POST /content-manager/uid/generate': everyone('suggests a slug from a title while writing', {
    body: () => ({ contentTypeUID: 'api::article.article', field: 'slug', data: { title: 'Tin mới' } }),
  }),
  'POST /content-manager/uid/check-availability': everyone('whether a slug is taken', {
    body: () => ({ contentTypeUID: 'api::article.article', field: 'slug', value: 'tin-moi' }),
  }),
  ...Object.fromEntries(
    [
      'GET /single-types/:model',
      'PUT /single-types/:model',
      'DELETE /single-types/:model',
      'POST /single-types/:model/actions/publish',
      'POST /single-types/:model/actions/unpublish',
      'POST /single-types/:model/actions/discard',
      'GET /single-types/:model/actions/countDraftRelations',
    ].map((route) => [
      route.replace(' /', ' /content-manager/'),
      answered([403, 404], 'the model has no single types; given a collection type Strapi would act on its first entry (policies/single-types-only.ts)'),
    ]),
  ),
  'GET /content-manager/preview/url/:contentType': rule('own', 'all', 'all', {
    target: 'article',
    query: (id) => `documentId=${id}&status=draft`,
    why: 'signs a preview link only for a draft the caller may read (draft-access.ts): 204, no link, for another’s',
  }),
  'GET /content-manager/preview/script': everyone('the preview page’s script'),
  'GET /content-manager/homepage/recent-documents': everyone('the admin home page: recent entries of the types the role may read'),
  'GET /content-manager/homepage/count-documents': everyone('the admin home page: counts of the types the role may read'),

  ...Object.fromEntries(
    [
      'GET /reserved-names',
      'GET /content-types',
      'GET /content-types/:uid',
      'POST /content-types',
      'PUT /content-types/:uid',
      'DELETE /content-types/:uid',
      'GET /components',
      'GET /components/:uid',
      'POST /components',
      'PUT /components/:uid',
      'DELETE /components/:uid',
      'PUT /component-categories/:name',
      'DELETE /component-categories/:name',
      'GET /schema',
      'POST /update-schema',
      'GET /update-schema-status',
    ].map((route) => [route.replace(' /', ' /content-type-builder/'), nobody(BUILDER)]),
  ),

  'POST /email': nobody('sends any message through the CMS’s mail: a phishing relay (extensions/email): the super admin only'),
  'POST /email/test': nobody(SETTINGS),
  'GET /email/settings': nobody(SETTINGS),
  'POST /email/verify': nobody(SETTINGS),

  // The media library: reporters their own files (policies/upload-rights.ts), editors any.
  'GET /upload/settings': nobody(SETTINGS),
  'PUT /upload/settings': nobody(SETTINGS),
  'POST /upload': everyone('uploads a new picture (a replacement goes through the same per-file check as the other routes)'),
  'POST /upload/actions/upload-from-urls': nobody('fetching any address the server can reach (SSRF): switched off (upload-guard.ts)'),
  'GET /upload/files': ownFiles(),
  'POST /upload/files': everyone('uploads a new picture'),
  'GET /upload/files/:id': ownFiles(),
  'PUT /upload/files/:id': ownFiles({ body: () => ({ fileInfo: { alternativeText: 'Ảnh' } }) }),
  'POST /upload/files/:id/replace': ownFiles(),
  'DELETE /upload/files/:id': ownFiles(),
  'GET /upload/folders/:id': rule('all', 'all', 'all', { target: 'folder', why: 'folders are shared structure, readable by every writer' }),
  'GET /upload/folders': everyone('folders are shared structure'),
  'POST /upload/folders': everyone('a new folder', { body: () => ({ name: `Thư mục ${Math.random().toString(36).slice(2)}`, parent: null }) }),
  'PUT /upload/folders/:id': desk('folder', { body: () => ({ name: `Đổi tên ${Math.random().toString(36).slice(2)}`, parent: null }) }),
  'GET /upload/folder-structure': everyone('folders are shared structure'),
  'POST /upload/actions/bulk-delete': ownFiles({ body: (id) => ({ fileIds: [Number(id)] }) }),
  'POST /upload/actions/bulk-move': ownFiles({ body: (id) => ({ fileIds: [Number(id)], destinationFolderId: null }) }),
  'POST /upload/actions/bulk-update': ownFiles({ body: (id) => ({ updates: [{ id: Number(id), fileInfo: { alternativeText: 'Ảnh' } }] }) }),
  'POST /upload/actions/generate-ai-metadata': desk('none', { why: 'a job over the whole library (and AI is not licensed here)' }),
  'POST /upload/ai-metadata-jobs': desk('none', { why: 'a job over the whole library (and AI is not licensed here)' }),
  'GET /upload/ai-metadata-jobs/latest': everyone('the admin asks whether a job runs (AI is off)'),
  'GET /upload/ai-metadata-jobs/pending-count': everyone('the admin asks whether a job runs (AI is off)'),
  'GET /upload/configuration': everyone('the media library’s view settings'),
  'PUT /upload/configuration': everyone('the media library’s view settings (page size, sort)', { body: () => ({ pageSize: 10, sort: 'createdAt:DESC' }) }),

  // One language, Vietnamese: locales are the super admin's.
  'GET /i18n/iso-locales': nobody(SETTINGS),
  'GET /i18n/locales': everyone('the admin lists locales to show the language picker (there is one)'),
  'POST /i18n/locales': nobody(SETTINGS),
  'PUT /i18n/locales/:id': nobody(SETTINGS),
  'DELETE /i18n/locales/:id': nobody(SETTINGS),
  'GET /i18n/settings': everyone('whether AI translation is on (it is not)'),
  'PUT /i18n/settings': nobody(`${SETTINGS} (extensions/i18n: Strapi opens it to every admin user)`),
  'POST /i18n/content-manager/actions/get-non-localized-fields': everyone('no type is localized: nothing to answer', {
    body: () => ({ model: 'api::article.article', id: 1, locale: 'vi' }),
  }),
  'GET /i18n/content-manager/get-fill-from-locale/:model': everyone('no type is localized: nothing to answer'),
  'GET /i18n/ai-localization-jobs/collection-types/:contentType/:documentId': answered([404], 'AI translation is not licensed here'),
  'GET /i18n/ai-localization-jobs/single-types/:contentType': answered([404], 'AI translation is not licensed here'),

  ...Object.fromEntries(
    [
      'GET /roles/:id',
      'GET /roles',
      'POST /roles',
      'PUT /roles/:role',
      'DELETE /roles/:role',
      'GET /email-templates',
      'PUT /email-templates',
      'GET /advanced',
      'PUT /advanced',
      'GET /providers',
      'PUT /providers',
    ].map((route) => [route.replace(' /', ' /users-permissions/'), nobody(PLUGIN_USERS)]),
  ),
  'GET /users-permissions/permissions': everyone('the catalogue of content API actions: no content'),
  'GET /users-permissions/policies': everyone('the catalogue of route policies: no content'),
  'GET /users-permissions/routes': everyone('the content API’s routes: no content'),

  // Not the admin's: the CMS's own static files and health check.
  'ALL /_health': open('load balancers’ health check'),
  'GET /uploads/(.*)': open('uploaded pictures, served to readers'),
  'GET /': open('the CMS’s public folder (favicon, robots)'),
  'GET /((?!uploads/).+)': open('the CMS’s public folder'),
};

/** The content manager's per-model routes and the verb each checks. */
export const CM_ROUTES: Record<string, CmRule> = {
  'GET /content-manager/collection-types/:model': { verb: 'read', entryIn: 'none' },
  'POST /content-manager/collection-types/:model': { verb: 'create', entryIn: 'none' },
  'POST /content-manager/collection-types/:model/clone/:sourceId': { verb: 'clone' },
  'POST /content-manager/collection-types/:model/auto-clone/:sourceId': {
    verb: 'clone',
    refusedOn: {
      'api::article.article': { status: 400, why: 'Strapi copies nothing with unique or relational fields in one click (a story has a slug and a category)' },
    },
  },
  'GET /content-manager/collection-types/:model/:id': { verb: 'read' },
  'PUT /content-manager/collection-types/:model/:id': { verb: 'update' },
  'DELETE /content-manager/collection-types/:model/:id': { verb: 'delete' },
  'POST /content-manager/collection-types/:model/actions/publish': { verb: 'publish', entryIn: 'none', draftsOnly: true },
  'POST /content-manager/collection-types/:model/:id/actions/publish': { verb: 'publish', draftsOnly: true },
  'POST /content-manager/collection-types/:model/:id/actions/unpublish': { verb: 'publish', draftsOnly: true, published: true },
  'POST /content-manager/collection-types/:model/:id/actions/discard': { verb: 'update', draftsOnly: true, published: true },
  'POST /content-manager/collection-types/:model/actions/bulkDelete': { verb: 'delete', entryIn: 'body', body: (id) => ({ documentIds: [id] }) },
  'POST /content-manager/collection-types/:model/actions/bulkFindForValidation': { verb: 'read', entryIn: 'body', body: (id) => ({ documentIds: [id] }) },
  'POST /content-manager/collection-types/:model/actions/bulkPublish': {
    verb: 'publish',
    entryIn: 'body',
    draftsOnly: true,
    body: (id) => ({ documentIds: [id] }),
  },
  'POST /content-manager/collection-types/:model/actions/bulkUnpublish': {
    verb: 'publish',
    entryIn: 'body',
    draftsOnly: true,
    published: true,
    body: (id) => ({ documentIds: [id] }),
  },
  'GET /content-manager/collection-types/:model/:id/actions/countDraftRelations': { verb: 'read' },
  'GET /content-manager/collection-types/:model/actions/countManyEntriesDraftRelations': {
    verb: 'read',
    entryIn: 'none',
    query: (id) => `documentIds[0]=${id}`,
  },
  'GET /content-manager/relations/:model/:targetField': { verb: 'relation', entryIn: 'none' },
  'GET /content-manager/relations/:model/:id/:targetField': { verb: 'relation' },
};

type Rights = Partial<Record<Verb, Access>>;
const full: Rights = { create: 'all', read: 'all', update: 'all', delete: 'all', publish: 'all', clone: 'all' };
const readOnly: Rights = { read: 'all' };
const crud: Rights = { create: 'all', read: 'all', update: 'all', delete: 'all', clone: 'all' };

/**
 * Who may do what to each content type in the admin (a verb not listed is refused). The model's
 * own rules add to this: the publication log is written by the CMS alone, so even a role that
 * reads it is refused every write; types without drafts have nothing to publish.
 */
export const MODEL_RIGHTS: Record<string, Record<Role, Rights>> = {
  'api::article.article': {
    reporter: { create: 'all', read: 'own', update: 'own', clone: 'own' },
    editor: full,
    chief: full,
  },
  'api::comment.comment': {
    reporter: {},
    editor: { read: 'all', update: 'all', delete: 'all' },
    chief: { read: 'all', update: 'all', delete: 'all' },
  },
  'api::poll.poll': { reporter: {}, editor: full, chief: full },
  'api::weather-note.weather-note': { reporter: {}, editor: crud, chief: crud },
  'api::category.category': { reporter: readOnly, editor: readOnly, chief: crud },
  'api::tag.tag': { reporter: readOnly, editor: readOnly, chief: crud },
  'api::publication-log.publication-log': { reporter: {}, editor: readOnly, chief: readOnly },
};

/**
 * The relation pickers (`relations/:model/…/:targetField`) read one relation field: the one each
 * type's edit view links, or for a type with none of its own, the admin's createdBy.
 */
export const RELATION_FIELD: Record<string, { field: string; access: Record<Role, Access>; why: string }> = {
  'api::article.article': { field: 'category', access: { reporter: 'own', editor: 'all', chief: 'all' }, why: 'a story’s category picker' },
  'api::comment.comment': { field: 'article', access: { reporter: 'none', editor: 'all', chief: 'all' }, why: 'a comment’s article' },
  'api::category.category': {
    field: 'articles',
    access: { reporter: 'none', editor: 'none', chief: 'none' },
    why: 'a category’s articles are not a field any role is given (its edit view does not list the archive)',
  },
  'api::tag.tag': { field: 'articles', access: { reporter: 'none', editor: 'none', chief: 'none' }, why: 'as a category’s' },
  'api::poll.poll': {
    field: 'createdBy',
    access: { reporter: 'none', editor: 'none', chief: 'none' },
    why: 'no relation of its own; the admin user is not a content field',
  },
  'api::weather-note.weather-note': { field: 'createdBy', access: { reporter: 'none', editor: 'none', chief: 'none' }, why: 'as a poll’s' },
  'api::publication-log.publication-log': { field: 'createdBy', access: { reporter: 'none', editor: 'none', chief: 'none' }, why: 'as a poll’s' },
};

/** The content API (`/api/…`) as a reader without any token meets it: `open` answers, `none` is 401/403. */
export const PUBLIC_ROUTES: Record<string, { access: 'open' | 'none'; why?: string }> = {
  ...Object.fromEntries(
    ['articles', 'categories', 'tags', 'polls', 'weather-notes'].flatMap((type) => [
      [`GET /api/${type}`, { access: 'open' as const, why: 'published entries (public-read guard)' }],
      [`GET /api/${type}/:id`, { access: 'open' as const, why: 'one published entry' }],
      [`POST /api/${type}`, { access: 'none' as const }],
      [`PUT /api/${type}/:id`, { access: 'none' as const }],
      [`DELETE /api/${type}/:id`, { access: 'none' as const }],
    ]),
  ),
  'GET /api/redirects': { access: 'open', why: 'old paths of moved articles' },
  'GET /api/preview/articles/:documentId': { access: 'open', why: 'answers only to a signed preview link' },
  'POST /api/articles/:documentId/comments': { access: 'open', why: 'a reader’s comment: same-site, rate limited, held for moderation' },
  'GET /api/comments': { access: 'open', why: 'approved comments on published articles' },
  'GET /api/comments/:id': { access: 'none', why: 'comments are listed, never read one by id' },
  'POST /api/comments': { access: 'none' },
  'PUT /api/comments/:id': { access: 'none' },
  'DELETE /api/comments/:id': { access: 'none' },
  'POST /api/polls/:documentId/vote': { access: 'open', why: 'a reader’s vote: same-site, rate limited, once per reader' },
  'GET /api/polls/:documentId/results': { access: 'open', why: 'a published poll’s results' },
  'POST /api/reads/:documentId': { access: 'open', why: 'the most-read beacon: once per reader per article per hour' },
  'GET /api/reads/top': { access: 'open', why: 'the most-read box' },
  'GET /api/content-type-builder/content-types': { access: 'none' },
  'GET /api/content-type-builder/content-types/:uid': { access: 'none' },
  'GET /api/content-type-builder/components': { access: 'none' },
  'GET /api/content-type-builder/components/:uid': { access: 'none' },
  'POST /api/email': { access: 'none' },
  'POST /api/upload': { access: 'none' },
  'GET /api/upload/files': { access: 'none' },
  'GET /api/upload/files/page': { access: 'none' },
  'GET /api/upload/files/:id': { access: 'none' },
  'DELETE /api/upload/files/:id': { access: 'none' },
  'GET /api/i18n/locales': { access: 'none' },
  'GET /api/connect/(.*)': { access: 'open', why: 'sign-in with a provider: every provider is off' },
  'POST /api/auth/local': { access: 'open', why: 'reader sign-in: there are no reader accounts' },
  'POST /api/auth/local/register': { access: 'none', why: 'reader registration is closed' },
  'GET /api/auth/:provider/callback': { access: 'open', why: 'every provider is off' },
  'POST /api/auth/forgot-password': { access: 'open', why: 'there are no reader accounts' },
  'POST /api/auth/reset-password': { access: 'open', why: 'by its secret code' },
  'GET /api/auth/email-confirmation': { access: 'open', why: 'by its secret code' },
  'POST /api/auth/send-email-confirmation': { access: 'open', why: 'there are no reader accounts' },
  'POST /api/auth/change-password': { access: 'none' },
  'POST /api/auth/refresh': { access: 'open', why: 'by its refresh token' },
  'POST /api/auth/logout': { access: 'open', why: 'ends the session it is given' },
  'GET /api/auth/sessions': { access: 'none' },
  'DELETE /api/auth/sessions/:sessionId': { access: 'none' },
  'GET /api/users/count': { access: 'none' },
  'GET /api/users': { access: 'none' },
  'GET /api/users/me': { access: 'none' },
  'GET /api/users/:id': { access: 'none' },
  'POST /api/users': { access: 'none' },
  'PUT /api/users/:id': { access: 'none' },
  'DELETE /api/users/:id': { access: 'none' },
  'GET /api/users-permissions/roles/:id': { access: 'none' },
  'GET /api/users-permissions/roles': { access: 'none' },
  'POST /api/users-permissions/roles': { access: 'none' },
  'PUT /api/users-permissions/roles/:role': { access: 'none' },
  'DELETE /api/users-permissions/roles/:role': { access: 'none' },
  'GET /api/users-permissions/permissions': { access: 'none' },
};
