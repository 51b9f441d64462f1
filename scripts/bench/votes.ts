/**
 * Poll vote throughput on loopback against a real Strapi: on a throwaway SQLite and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on a throwaway PostgreSQL
 * database. For each it measures a bare request through Strapi (`/_health`), then votes from
 * 100 concurrent connections (every request a new reader, no cookie) on an empty ledger and again
 * with 1,000,000 votes already in the poll's ledger. After each run the stored votes must equal
 * the answered ones (give or take the requests cut off in flight), and the counters the ledger.
 *
 *   node scripts/bench/votes.ts [--connections 100] [--seconds 30] [--ledger 1000000] [--only sqlite|postgres]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { type DatabaseKind, startTestCms, type TestCms } from '../lib/ephemeral-cms.ts';
import { type LedgerAccess, openLedger } from '../lib/vote-ledger-access.ts';
import { recordBench } from './record.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    ledger: { type: 'string', default: '1000000' },
    only: { type: 'string' },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const ledgerSize = Number(values.ledger);
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const databases = (['sqlite', 'postgres'] as const).filter((d) => (d === 'sqlite' || process.env.TEST_DATABASE_URL) && (!values.only || values.only === d));

interface Row {
  database: DatabaseKind;
  ledger: number;
  votesPerSecond: number;
  p50: number;
  p99: number;
  healthPerSecond: number;
  healthP99: number;
  consistent: boolean;
}

async function measureHealth(cms: TestCms): Promise<{ healthPerSecond: number; healthP99: number }> {
  const result = await autocannon({ url: `${cms.url}/_health`, connections, duration: seconds });
  return { healthPerSecond: result['2xx'] / result.duration, healthP99: result.latency.p99 };
}

async function measureVotes(cms: TestCms, access: LedgerAccess, poll: { documentId: string; optionId: number }, database: DatabaseKind, ledger: number) {
  const before = await access.audit(poll.documentId);
  const result = await autocannon({
    url: `${cms.url}/api/polls/${poll.documentId}/vote`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ option: poll.optionId }),
  });
  const accepted = result['2xx'];
  // Requests still in flight when the clock stops are cut off by autocannon but may already be
  // stored: let the server finish them, then the count must lie between answered and sent.
  await new Promise((r) => setTimeout(r, 3000));
  const after = await access.audit(poll.documentId);
  const stored = after.ledger - before.ledger;
  const consistent =
    result.non2xx === 0 &&
    stored >= accepted &&
    stored <= result.requests.sent &&
    stored - accepted <= connections + result.timeouts &&
    after.counters === after.ledger;
  console.log(`[bench] ${database}, ${ledger.toLocaleString('en')} votes in the ledger: ${(accepted / result.duration).toFixed(0)} votes/s`);
  console.log(`[bench]   latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(
    `[bench]   sent ${result.requests.sent}, answered 2xx ${accepted}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  console.log(
    `[bench]   stored +${stored} (${stored - accepted} cut off in flight); ledger ${after.ledger} = counters ${after.counters}: ${consistent ? 'consistent' : 'INCONSISTENT'}`,
  );
  return { votesPerSecond: accepted / result.duration, p50: result.latency.p50, p99: result.latency.p99, consistent };
}

async function benchDatabase(database: DatabaseKind): Promise<Row[]> {
  // Every bench vote comes from one address: lift the per-address caps far above what a run sends.
  const cms = await startTestCms({ database, demoArticles: 1, env: { VOTES_PER_IP_PER_POLL: '100000000', RATE_LIMIT_POINTS: '100000000' } });
  const access = await openLedger(cms.env);
  try {
    const polls = (await (await fetch(`${cms.url}/api/polls`)).json()) as { data: Array<{ documentId: string }> };
    const documentId = polls.data[0]!.documentId;
    const results = (await (await fetch(`${cms.url}/api/polls/${documentId}/results`)).json()) as { data: { options: Array<{ id: number; key: string }> } };
    const poll = { documentId, optionId: results.data.options[0]!.id };
    console.log(`[bench] ${database}: ${connections} connections, ${seconds} s per run, poll ${documentId}`);
    const health = await measureHealth(cms);
    console.log(`[bench] ${database}: GET /_health ${health.healthPerSecond.toFixed(0)} requests/s, p99 ${health.healthP99} ms`);
    const rows: Row[] = [];
    rows.push({ database, ledger: 0, ...health, ...(await measureVotes(cms, access, poll, database, 0)) });
    const started = performance.now();
    await access.seed(
      documentId,
      results.data.options.map((o) => o.key),
      ledgerSize,
    );
    console.log(`[bench] ${database}: ${ledgerSize.toLocaleString('en')} votes seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const { ledger } = await access.audit(documentId);
    rows.push({ database, ledger, ...health, ...(await measureVotes(cms, access, poll, database, ledger)) });
    return rows;
  } finally {
    await access.close();
    await cms.stop();
  }
}

const rows: Row[] = [];
for (const database of databases) rows.push(...(await benchDatabase(database)));
console.log('\n| database | votes in ledger | votes/s | p50 | p99 | /_health req/s | /_health p99 | vote cost vs /_health | exact |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  console.log(
    `| ${r.database} | ${r.ledger.toLocaleString('en')} | ${r.votesPerSecond.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.healthPerSecond.toFixed(0)} | ${r.healthP99} ms | ${(r.healthPerSecond / r.votesPerSecond).toFixed(2)}× | ${r.consistent ? 'yes' : 'NO'} |`,
  );
}
if (rows.some((r) => !r.consistent)) process.exitCode = 1;
console.log(`[bench] written to ${await recordBench('votes', { connections, seconds, rows })} (docs/benchmarks.md: node scripts/bench/tables.ts)`);
