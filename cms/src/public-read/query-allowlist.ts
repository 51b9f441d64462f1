/**
 * What a public reader may put in a read query, per route: filters and sorts on listed paths
 * only, with listed operators, and pagination. Anything else is refused with a message naming
 * the parameter. Why an allowlist: Strapi 5 links entries to both the draft and the published
 * row of a draft-and-publish relation, so any filter that walks a relation (a comment's article's
 * body, a category's articles) answers questions about unpublished text.
 */

/** The paths a route lets readers filter and sort on: own fields, and `relation.field`. */
export interface QueryAllowlist {
  readonly paths: readonly string[];
}

export type QueryCheck = { ok: true; query: Record<string, unknown> } | { ok: false; message: string };

const VALUE_OPERATORS = new Set(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$contains', '$containsi', '$notContains', '$startsWith', '$endsWith']);
const LIST_OPERATORS = new Set(['$in', '$notIn']);
const FLAG_OPERATORS = new Set(['$null', '$notNull']);
const LOGICAL = new Set(['$and', '$or']);
const PAGINATION_KEYS = new Set(['page', 'pageSize', 'withCount', 'start', 'limit']);
/** Dropped silently: the guard sets them itself (status=published, the route's populate). */
export const OVERRIDDEN_PARAMS = new Set(['status', 'publicationState', 'hasPublishedVersion', 'populate']);

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** qs turns long arrays into objects keyed "0", "1", …; both shapes mean a list. */
const listOf = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : isRecord(v) && Object.keys(v).every((k) => /^\d+$/.test(k)) ? Object.values(v) : null);

class Refusal extends Error {}

function checkFilters(node: unknown, path: string[], allowed: ReadonlySet<string>, depth: number): void {
  if (depth > 8) throw new Refusal('filters are nested too deeply');
  if (!isRecord(node)) {
    // `filters[slug]=x` is Strapi's shorthand for $eq.
    if (path.length > 0 && isScalar(node)) {
      checkLeaf(path, '$eq', node, allowed);
      return;
    }
    throw new Refusal(`filters${path.map((p) => `[${p}]`).join('')} is not a filter`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (LOGICAL.has(key)) {
      const items = listOf(value);
      if (!items || path.length > 0) throw new Refusal(`filters: ${key} takes a list of filters at the top level`);
      for (const item of items) checkFilters(item, [], allowed, depth + 1);
    } else if (key === '$not') {
      checkFilters(value, path, allowed, depth + 1);
    } else if (key.startsWith('$')) {
      checkLeaf(path, key, value, allowed);
    } else {
      checkFilters(value, [...path, key], allowed, depth + 1);
    }
  }
}

function checkLeaf(path: string[], operator: string, value: unknown, allowed: ReadonlySet<string>): void {
  const name = path.join('.');
  if (!allowed.has(name)) throw new Refusal(`filtering on "${name || '(nothing)'}" is not allowed here`);
  const fits = VALUE_OPERATORS.has(operator)
    ? isScalar(value)
    : LIST_OPERATORS.has(operator)
      ? (listOf(value) ?? [value]).every(isScalar)
      : FLAG_OPERATORS.has(operator) && isScalar(value);
  if (!fits) throw new Refusal(`the filter operator ${operator} on "${name}" is not allowed here`);
}

function checkSort(sort: unknown, allowed: ReadonlySet<string>): void {
  const items = typeof sort === 'string' ? sort.split(',') : (listOf(sort) ?? [sort]);
  for (const item of items) {
    const [field = '', order, ...rest] = typeof item === 'string' ? item.trim().split(':') : [];
    const orderOk = order === undefined || /^(asc|desc)$/i.test(order);
    if (!allowed.has(field) || !orderOk || rest.length > 0) throw new Refusal(`sorting by ${JSON.stringify(item)} is not allowed here`);
  }
}

function checkPagination(pagination: unknown): void {
  if (!isRecord(pagination)) throw new Refusal('pagination must be an object');
  for (const [key, value] of Object.entries(pagination)) {
    if (!PAGINATION_KEYS.has(key) || !isScalar(value) || !/^(\d{1,9}|true|false)$/.test(String(value)))
      throw new Refusal(`pagination[${key}] is not allowed here`);
  }
}

/**
 * Entries per page. Readers get Strapi's usual 100 at most; an API token (the site's full read of
 * the archive) gets 500 (`api.rest.maxLimit`): every request pays the token check, its bookkeeping
 * write and the middleware chain, ≈1–2 s of the CMS's time over a 20,000-article read at 100 a page.
 * A page of 500 keeps the CMS busy ≈0.1 s, short enough for a vote or an editor waiting behind it.
 */
export const READER_PAGE_LIMIT = 100;
export const TOKEN_PAGE_LIMIT = 500;

/** The query with its page size held to `limit`: a larger one is lowered, as Strapi does at its maxLimit. */
export function capPageSize(query: Record<string, unknown>, limit: number): Record<string, unknown> {
  const pagination = query.pagination;
  if (!isRecord(pagination)) return query;
  const capped = { ...pagination };
  for (const key of ['pageSize', 'limit'] as const) if (capped[key] !== undefined && Number(capped[key]) > limit) capped[key] = String(limit);
  return { ...query, pagination: capped };
}

/**
 * Checks a reader's query against the route's allowlist. Returns the query without the
 * parameters the guard overrides, or a refusal naming the first offending parameter.
 */
export function checkPublicQuery(query: Record<string, unknown>, allowlist: QueryAllowlist): QueryCheck {
  const allowed = new Set(allowlist.paths);
  const kept: Record<string, unknown> = {};
  try {
    for (const [key, value] of Object.entries(query)) {
      if (OVERRIDDEN_PARAMS.has(key)) continue;
      if (key === 'filters') checkFilters(value, [], allowed, 0);
      else if (key === 'sort') checkSort(value, allowed);
      else if (key === 'pagination') checkPagination(value);
      else throw new Refusal(`the query parameter "${key}" is not allowed here`);
      kept[key] = value;
    }
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, message: err.message };
    throw err;
  }
  return { ok: true, query: kept };
}
