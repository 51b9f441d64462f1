/**
 * Writes docs/benchmarks.md from the benches' results in docs/benchmarks/*.json (record.ts): one
 * current table per bench, each saying when, on which commit and on what machine it was measured.
 * With --check, fails when docs/benchmarks.md differs from what the JSON gives (npm run check).
 *
 *   node scripts/bench/tables.ts [--check]
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../lib/paths.ts';
import { BENCH_DIR } from './record.ts';

const OUT = path.join(repoRoot, 'docs', 'benchmarks.md');

const record = z.object({ bench: z.string(), measuredAt: z.string(), commit: z.string(), machine: z.string(), result: z.unknown() });
const summary = z.object({ n: z.number(), p50: z.number(), p95: z.number(), max: z.number() });
const load = z.object({ requestsPerSecond: z.number(), p99Ms: z.number(), non2xx: z.number() });
const publish = z.object({
  configuration: z.string(),
  articles: z.number(),
  firstFullBuildSeconds: z.number(),
  latencySeconds: z.record(z.string(), summary),
  readers: z.record(z.string(), z.object({ nginx: load, embedded: load })),
  memoryMiB: z.object({
    before: z.object({ publisher: z.number(), renderHost: z.number() }),
    after: z.object({ publisher: z.number(), renderHost: z.number() }),
    byPublishes: z.array(z.object({ publishes: z.number(), publisher: z.number(), renderHost: z.number() })).default([]),
  }),
});
const votes = z.object({
  connections: z.number(),
  seconds: z.number(),
  rows: z.array(
    z.object({
      database: z.string(),
      ledger: z.number(),
      votesPerSecond: z.number(),
      p50: z.number(),
      p99: z.number(),
      healthPerSecond: z.number(),
      healthP99: z.number(),
      consistent: z.boolean(),
    }),
  ),
});

const n = (x: number) => Math.round(x).toLocaleString('en');
const when = (r: z.infer<typeof record>) => `Measured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${r.commit}, ${r.machine}.`;

function publishTable(r: z.infer<typeof record>): string {
  const p = publish.parse(r.result);
  const rows = Object.entries(p.latencySeconds)
    .filter(([, s]) => s.n > 0)
    .map(([action, s]) => `| ${action} | ${s.n} | ${s.p50} s | ${s.p95} s | ${s.max} s |`);
  const idle = p.readers.idle;
  const share = (x: number, of: number | undefined) => (of ? ` (${Math.round((x / of) * 100)} %)` : '');
  const readers = Object.entries(p.readers).map(
    ([window, { nginx, embedded }]) =>
      `| ${window} | ${n(nginx.requestsPerSecond)}${share(nginx.requestsPerSecond, idle?.nginx.requestsPerSecond)}, p99 ${nginx.p99Ms} ms | ${n(embedded.requestsPerSecond)}${share(embedded.requestsPerSecond, idle?.embedded.requestsPerSecond)}, p99 ${embedded.p99Ms} ms |`,
  );
  return `## Publish to live, ${n(p.articles)} articles

\`npm run bench publish -- --articles ${p.articles}\`. ${when(r)} ${p.configuration}. Each editor's action
through the admin API, timed from the API's answer until both edges and Varnish show it; the first
full build (on both edges) took ${p.firstFullBuildSeconds} s.

| action | n | p50 | p95 | max |
| --- | ---: | ---: | ---: | ---: |
${rows.join('\n')}

The weather box is on every page: the home page shows an edit at once, every other page with the
consolidation that starts two minutes later (docs/decisions/0003-sidebar-by-consolidation.md), so
"every page" is that delay plus one full build.

Readers (50 connections, brotli, one article page; the load generator shares the 2 cores):

| window | nginx edge, requests/s | embedded server, requests/s |
| --- | ---: | ---: |
${readers.join('\n')}

Memory (resident): ${[
    ...p.memoryMiB.byPublishes.map((m) => `after ${m.publishes} publishes, publisher ${n(m.publisher)} MiB and render host ${n(m.renderHost)} MiB`),
    `at the end (a new render host since the last full build), publisher ${n(p.memoryMiB.after.publisher)} MiB and render host ${n(p.memoryMiB.after.renderHost)} MiB`,
  ].join('; ')}.
`;
}

function votesTable(r: z.infer<typeof record>): string {
  const v = votes.parse(r.result);
  const rows = v.rows.map(
    (x) =>
      `| ${x.database} | ${n(x.ledger)} | ${n(x.votesPerSecond)} | ${x.p50} ms | ${x.p99} ms | ${n(x.healthPerSecond)} | ${x.healthP99} ms | ${x.consistent ? 'yes' : 'NO'} |`,
  );
  return `## Poll votes

\`npm run bench votes\`. ${when(r)} ${v.connections} connections, every vote from a new reader, ${v.seconds} s a run;
\`/_health\` is a bare request through Strapi's middleware in the same conditions.

| database | votes in ledger | votes/s | p50 | p99 | \`/_health\` req/s | \`/_health\` p99 | ledger = counters = answered |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}
`;
}

const buildSteps = z.object({
  seconds: z.number(),
  astroSeconds: z.number(),
  astroPeakGiB: z.number().nullable(),
  searchSeconds: z.number(),
  searchPeakGiB: z.number().nullable(),
  shards: z.array(z.object({ shard: z.string(), pages: z.number(), reused: z.boolean(), seconds: z.number(), peakGiB: z.number().nullable() })),
});
const site = z.object({
  articles: z.number(),
  build: buildSteps,
  rebuild: buildSteps,
  queries: z.array(
    z.object({
      query: z.string(),
      results: z.number(),
      firstResultsMs: z.number(),
      /** The page's own clock (site/src/lib/search-timing.ts); measured since 2026-12-07 17:10 UTC. */
      resultsShownMs: z.number().optional(),
      /** Since 2026-12-07 22:00 UTC: the median of several visits, each in a settled window, and the page's clock's range. */
      runs: z.number().optional(),
      resultsShownRangeMs: z.tuple([z.number(), z.number()]).optional(),
      pageLoadMs: z.number(),
      transferredKB: z.number(),
      requests: z.number(),
      second: z.string(),
      laterMs: z.number(),
      laterKB: z.number(),
    }),
  ),
});

/** Before 2026-12-07 the search step made one Pagefind index per year (or part of one); since, it splits years into words. */
const searchUnit = (r: z.infer<typeof record>) => (r.measuredAt < '2026-12-07T06' ? 'indexes' : 'years');

function siteTable(r: z.infer<typeof record>): string {
  const s = site.parse(r.result);
  const gib = (x: number | null) => (x === null ? '–' : `${x} GiB`);
  const shardRows = s.build.shards.map((x) => `| ${x.shard} | ${n(x.pages)} | ${x.seconds} s | ${gib(x.peakGiB)} |`);
  const queryRows = s.queries.map((q) => {
    const first =
      q.runs && q.resultsShownMs !== undefined && q.resultsShownRangeMs
        ? `${n(q.resultsShownMs)} ms (${q.resultsShownRangeMs.map(n).join('–')} over ${q.runs} visits; the driver saw ${n(q.firstResultsMs)} ms)`
        : `${n(q.firstResultsMs)} ms${q.resultsShownMs === undefined ? '' : ` (${n(q.resultsShownMs)} ms by the page's clock)`}`;
    return `| ${q.query} | ${q.results} | ${first} (page loaded in ${n(q.pageLoadMs)} ms) | ${n(q.transferredKB)} kB in ${q.requests} requests | ${q.second}: ${n(q.laterMs)} ms, ${n(q.laterKB)} kB |`;
  });
  const measured = s.queries.some((q) => q.runs)
    ? `Each query in ${s.queries[0]?.runs ?? 0} visits, each in a new window (a browser context) left to settle on a blank
page first (a reader's browser has its own interface running before they search) and an empty
HTTP cache; the site on localhost (no network latency). First results: the median of the page's
own clock (a performance mark the frame after they are painted, from the navigation's start; the
driver waits for it without polling the page), and its range. The page places a query's first ten
results as soon as their files are in, and the other ten of its page when theirs are: the mark is
the first ten. The second query is timed by the driver, which polls the page:`
    : `First results as the test driver (Playwright) saw them appear, and, where measured, by the page's
own clock (a performance mark the frame after they are painted, from the navigation's start):`;
  return `## Site build and search, ${n(s.articles)} articles

\`npm run bench site -- --articles ${s.articles}\`. ${when(r)} A full build as the publisher makes it: ${s.build.seconds} s (Astro
${s.build.astroSeconds} s at ${gib(s.build.astroPeakGiB)}; the search index, every article in full text, ${s.build.searchSeconds} s at
${gib(s.build.searchPeakGiB)} peak in its largest process). The same content built again: ${s.rebuild.seconds} s, of which search
${s.rebuild.searchSeconds} s (${s.rebuild.shards.filter((x) => x.reused).length} of ${s.rebuild.shards.length} ${searchUnit(r)} unchanged, taken from the cache).

${searchUnit(r) === 'years' ? "| year | articles | split into words in | the step's peak so far |" : '| index (year, or part of one) | articles | indexed in | peak |'}
| --- | --- | --- | --- |
${shardRows.join('\n')}

The search page in Chromium, the CPU slowed 4×, a cold cache (the page and its scripts included).
${measured}

| query | shown | first results | transferred | a second query |
| --- | --- | --- | --- | --- |
${queryRows.join('\n')}
`;
}

const admin = z.object({
  articles: z.number(),
  rows: z.array(z.object({ database: z.string(), name: z.string(), medianMs: z.number(), found: z.number() })),
});

function adminTable(r: z.infer<typeof record>): string {
  const a = admin.parse(r.result);
  const databases = [...new Set(a.rows.map((x) => x.database))];
  const names = [...new Set(a.rows.map((x) => x.name))];
  const cell = (db: string, name: string) => {
    const row = a.rows.find((x) => x.database === db && x.name === name);
    return row ? `${n(row.medianMs)} ms (${n(row.found)})` : '–';
  };
  return `## The admin's article list, ${n(a.articles)} articles

\`npm run bench admin -- --articles ${a.articles}\`. ${when(r)} What the list view asks (10 a page, newest first unless
the row says otherwise), as an editor; the median of five after one to warm up, and how many
articles matched. Goal: 300 ms a page, 500 ms a search or a filter:

| request | ${databases.join(' | ')} |
| --- | ${databases.map(() => '---').join(' | ')} |
${names.map((name) => `| ${name} | ${databases.map((db) => cell(db, name)).join(' | ')} |`).join('\n')}
`;
}

const searchIndex = z.object({
  articles: z.number(),
  wordsSeconds: z.number(),
  mergeSeconds: z.number(),
  peakGiB: z.number(),
  years: z.array(z.object({ year: z.string(), articles: z.number(), seconds: z.number(), keptKB: z.number() })),
  files: z.number(),
  megabytes: z.number(),
  queries: z.array(z.object({ query: z.string(), results: z.number(), files: z.number(), kB: z.number(), servedKB: z.number(), medianMs: z.number() })),
});

function searchIndexTable(r: z.infer<typeof record>): string {
  const s = searchIndex.parse(r.result);
  return `## Search index alone (decision 11), ${n(s.articles)} articles

\`npm run bench search-index -- --articles ${s.articles}\`. ${when(r)} The index of the benchmark corpus,
as a full build makes it: each year split into words and kept (${s.wordsSeconds} s in all; a build does it only for
the years whose articles changed), then the index written from the kept years (${s.mergeSeconds} s):
${n(s.files)} files, ${s.megabytes} MB; ${s.peakGiB} GiB peak, one process.

| year | articles | split into words | kept |
| --- | ---: | ---: | ---: |
${s.years.map((y) => `| ${y.year} | ${n(y.articles)} | ${y.seconds} s | ${n(y.keptKB)} kB |`).join('\n')}

What a query reads of the index on a cold cache, before the twenty results' own text; the median
time in Node (not in a browser). The search page judges a query whose rarest word is in at most
twenty articles by those articles' result files instead of the other words' postings (decision
11); this table reads postings only:

| query | found | files | bytes | served (brotli) | time |
| --- | ---: | ---: | ---: | ---: | ---: |
${s.queries.map((q) => `| ${q.query} | ${n(q.results)} | ${q.files} | ${n(q.kB)} kB | ${n(q.servedKB)} kB | ${q.medianMs} ms |`).join('\n')}

The corpus repeats a small vocabulary, so its postings compress far better than real text would:
the "bytes" column is the bound.
`;
}

const RENDERERS: Record<string, (r: z.infer<typeof record>) => string> = {
  publish: publishTable,
  votes: votesTable,
  site: siteTable,
  admin: adminTable,
  'search-index': searchIndexTable,
};

export async function benchmarksPage(): Promise<string> {
  const files = (await readdir(BENCH_DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const sections: string[] = [];
  for (const file of files) {
    const r = record.parse(JSON.parse(await readFile(path.join(BENCH_DIR, file), 'utf8')));
    const render = RENDERERS[r.bench.replace(/-\d+$/, '')];
    if (!render) throw new Error(`${file}: no table for bench "${r.bench}" in scripts/bench/tables.ts`);
    sections.push(render(r));
  }
  return `# Benchmarks

Generated by \`node scripts/bench/tables.ts\` from [benchmarks/](benchmarks/) (each bench writes its
JSON there); do not edit by hand. One current table per bench: earlier runs are in git's history
of the JSON. Speed on this shared 2-core VM varies between hours by more than many changes;
compare runs of the same hour.

${sections.join('\n')}`;
}

if (import.meta.main) {
  const text = await benchmarksPage();
  if (process.argv.includes('--check')) {
    const committed = await readFile(OUT, 'utf8').catch(() => '');
    if (committed !== text) {
      console.error('docs/benchmarks.md differs from what docs/benchmarks/*.json give: run node scripts/bench/tables.ts and commit it');
      process.exit(1);
    }
  } else {
    await writeFile(OUT, text);
    console.log(`wrote ${path.relative(repoRoot, OUT)}`);
  }
}
