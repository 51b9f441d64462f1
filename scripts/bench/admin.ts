/**
 * The admin's article list at archive scale: a throwaway CMS filled by the corpus generator, on
 * SQLite and (when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server) on
 * PostgreSQL, asked by an editor for what the list view asks: the first page, a deep page (newest first and by title), a
 * search typed with and without diacritics, and the review-queue filter. Each request once to
 * warm up, then the median of five; writes docs/benchmarks/admin-<articles>.json (record.ts).
 *
 *   npm run bench admin -- [--articles 20000] [--only sqlite|postgres]
 */
import { parseArgs } from 'node:util';
import { startTestCms, TEST_ADMIN } from '../lib/ephemeral-cms.ts';
import { median } from './median.ts';
import { recordBench } from './record.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '20000' }, only: { type: 'string' } } });
const articles = Number(values.articles);
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const databases = (['sqlite', 'postgres'] as const).filter((d) => (d === 'sqlite' || process.env.TEST_DATABASE_URL) && (!values.only || values.only === d));

const LIST = '/content-manager/collection-types/api::article.article';
/**
 * What the list view sends (its default sort, newest first, as cms/src/bootstrap/admin-views.ts
 * sets it, and its page size), and what each case adds.
 */
const BASE = 'pageSize=10&sort=createdAt:DESC';
const deepPage = Math.max(1, Math.min(500, Math.floor(articles / 10)));
const CASES = [
  { name: 'page 1', query: `page=1&${BASE}` },
  { name: `page ${deepPage}`, query: `page=${deepPage}&${BASE}` },
  { name: `page ${deepPage} by title`, query: `page=${deepPage}&pageSize=10&sort=title:ASC` },
  { name: 'search "Vĩnh Lợi"', query: `page=1&${BASE}&_q=${encodeURIComponent('Vĩnh Lợi')}` },
  { name: 'search "vinh loi"', query: `page=1&${BASE}&_q=vinh%20loi` },
  { name: 'review queue', query: `page=1&${BASE}&filters[$and][0][reviewState][$eq]=${encodeURIComponent('Chờ duyệt')}` },
];

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  const body: unknown = await res.json();
  const token =
    typeof body === 'object' && body !== null && 'data' in body && typeof body.data === 'object' && body.data !== null && 'token' in body.data
      ? body.data.token
      : null;
  if (!res.ok || typeof token !== 'string') throw new Error(`admin login failed: HTTP ${res.status}`);
  return token;
}

async function timed(url: string, token: string): Promise<{ ms: number; total: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body: unknown = await res.json();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const total =
    typeof body === 'object' &&
    body !== null &&
    'pagination' in body &&
    typeof body.pagination === 'object' &&
    body.pagination !== null &&
    'total' in body.pagination
      ? Number(body.pagination.total)
      : Number.NaN;
  return { ms, total };
}

const rows: Array<{ database: string; name: string; medianMs: number; found: number }> = [];
for (const database of databases) {
  const started = Date.now();
  const cms = await startTestCms({ database, demoArticles: 0, corpusArticles: articles });
  console.log(`[bench] ${database}: corpus of ${articles} articles ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  try {
    const token = await login(cms.url);
    for (const c of CASES) {
      const url = `${cms.url}${LIST}?${c.query}`;
      const first = await timed(url, token);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push((await timed(url, token)).ms);
      const medianMs = Math.round(median(times));
      rows.push({ database, name: c.name, medianMs, found: first.total });
      console.log(`[bench] ${database}: ${c.name}: ${medianMs} ms (median of 5), ${first.total} articles`);
    }
  } finally {
    await cms.stop();
  }
}
console.log(`[bench] wrote ${await recordBench(`admin-${articles}`, { articles, rows })}`);
