import type { z } from 'zod';

/** A request to the CMS that failed; the message names the request and the reason. */
export class StrapiRequestError extends Error {
  readonly url: string;
  readonly status: number | null;
  constructor(url: string, status: number | null, reason: string) {
    super(`CMS request failed: GET ${url} → ${status ?? 'no answer'}: ${reason}`);
    this.name = 'StrapiRequestError';
    this.url = url;
    this.status = status;
  }
}

/** An entry the CMS returned that does not fit the content model. */
export class InvalidEntryError extends Error {
  constructor(typeName: string, entry: string, field: string, problem: string) {
    super(`Invalid ${typeName} "${entry}": field "${field}" ${problem}`);
    this.name = 'InvalidEntryError';
  }
}

export interface ClientOptions {
  baseUrl: URL;
  token: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Attempts for 5xx answers and network errors (with exponential backoff). */
  attempts?: number;
  fetchImpl?: typeof fetch;
  /** Ask for a collection's next page before validating this one (the default), or only after. */
  readAhead?: boolean;
}

type QueryValue = string | number | boolean | QueryObject | QueryValue[];
export interface QueryObject {
  [key: string]: QueryValue;
}

/** Strapi's bracket syntax: {filters: {slug: {$eq: 'x'}}} → filters[slug][$eq]=x. */
function appendQuery(params: URLSearchParams, value: QueryValue, prefix: string): void {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) appendQuery(params, v, `${prefix}[${i}]`);
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) appendQuery(params, v, prefix ? `${prefix}[${k}]` : k);
  else params.append(prefix, String(value));
}

/**
 * Entries asked for per page: the CMS lets an API token read 500 (readers 100). A CMS that allows
 * fewer answers with its own page size in `meta`, and pages continue from there: a smaller page
 * must never read as the last one.
 */
const PAGE_SIZE = 500;

/**
 * The one way the site talks to Strapi: read-only, published content only, every page of a
 * collection, retries with backoff on 5xx and timeouts, and a typed error naming the request.
 */
export class StrapiClient {
  private readonly opts: Required<Omit<ClientOptions, 'fetchImpl'>> & { fetchImpl: typeof fetch };

  constructor(opts: ClientOptions) {
    this.opts = { timeoutMs: 15_000, attempts: 3, fetchImpl: fetch, readAhead: true, ...opts };
  }

  url(path: string, query: QueryObject = {}): URL {
    const url = new URL(`/api/${path.replace(/^\/+/, '')}`, this.opts.baseUrl);
    // Never ask for drafts, whatever a caller passes.
    appendQuery(url.searchParams, { ...query, status: 'published' }, '');
    return url;
  }

  private async getJson(url: URL): Promise<unknown> {
    let lastError: StrapiRequestError | null = null;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, 250 * 2 ** (attempt - 2)));
      let res: Response;
      try {
        res = await this.opts.fetchImpl(url, {
          headers: { authorization: `Bearer ${this.opts.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
      } catch (err) {
        const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
        lastError = new StrapiRequestError(url.href, null, `the CMS is unreachable (${cause})`);
        continue;
      }
      if (res.ok) return res.json();
      const body = await res.text().catch(() => '');
      const reason = res.status === 401 || res.status === 403 ? 'the site token was refused (check STRAPI_TOKEN)' : body.slice(0, 200);
      lastError = new StrapiRequestError(url.href, res.status, reason);
      if (res.status < 500) break; // a 4xx will not get better by asking again
    }
    throw lastError ?? new StrapiRequestError(url.href, null, 'no attempt was made');
  }

  /** A custom, unpaged endpoint whose `data` is validated against `schema`. */
  async getData<S extends z.ZodType>(path: string, schema: S, what: string): Promise<z.infer<S>> {
    const url = this.url(path);
    const body = (await this.getJson(url)) as { data?: unknown };
    const result = schema.safeParse(body.data);
    if (!result.success)
      throw new InvalidEntryError(what, path, result.error.issues[0]?.path.join('.') || '(data)', result.error.issues[0]?.message ?? 'invalid');
    return result.data;
  }

  /**
   * Every entry of a collection, validated against `schema`, in the CMS's id order (callers
   * sort). Pages are read by keyset (`id > last id`), not by page number: an OFFSET page makes
   * the database sort and skip everything before it, which took 1–2 s per page at 200,000
   * articles; a keyset page is an index range, ≈0.1 s at any depth. `filters` narrows the
   * collection (one entry by documentId, one article's comments).
   */
  async findAll<S extends z.ZodType>(
    path: string,
    schema: S,
    typeName: string,
    onPage?: (done: number, total: number) => void,
    filters: QueryObject = {},
  ): Promise<Array<z.infer<S>>> {
    const pageAfter = (lastId: number) =>
      this.url(path, {
        filters: { ...filters, id: { $gt: lastId } },
        sort: 'id:asc',
        // The total is only needed once, for progress lines.
        pagination: { pageSize: PAGE_SIZE, withCount: lastId === 0 },
      });
    const out: Array<z.infer<S>> = [];
    let total: number | null = null;
    let url = pageAfter(0);
    let answer = this.getJson(url);
    for (let lastId = 0; ; ) {
      const body = (await answer) as { data?: unknown[]; meta?: { pagination?: { total?: number; pageSize?: number } } };
      if (!Array.isArray(body.data)) throw new StrapiRequestError(url.href, 200, 'the answer has no data array');
      total ??= body.meta?.pagination?.total ?? body.data.length;
      const ids = body.data.map((raw) => (raw as { id?: unknown } | null)?.id);
      for (const id of ids) {
        if (typeof id !== 'number' || id <= lastId) throw new StrapiRequestError(url.href, 200, 'an entry has no id beyond the previous page');
        lastId = id;
      }
      const pageSize = body.meta?.pagination?.pageSize ?? PAGE_SIZE;
      const more = body.data.length > 0 && body.data.length >= pageSize;
      const askNext = () => {
        url = pageAfter(lastId);
        answer = this.getJson(url);
        // Awaited next turn; if this page turns out invalid, its failure is not an unhandled one.
        answer.catch(() => undefined);
      };
      // Reading ahead, the next page is asked for before this one is validated: the CMS prepares it meanwhile.
      if (more && this.opts.readAhead) askNext();
      for (const raw of body.data) out.push(parseEntry(schema, raw, typeName));
      onPage?.(out.length, Math.max(total, out.length));
      if (!more) return out;
      if (!this.opts.readAhead) askNext();
    }
  }
}

/** Validates one API entry; the error names the type, the entry (slug or documentId) and the field. */
export function parseEntry<S extends z.ZodType>(schema: S, raw: unknown, typeName: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const r = (raw ?? {}) as { slug?: unknown; documentId?: unknown };
  const entry = String(r.slug ?? r.documentId ?? '?');
  const issue = result.error.issues[0]!;
  throw new InvalidEntryError(typeName, entry, issue.path.join('.') || '(entry)', issue.message);
}
