/**
 * Poll vote throughput on loopback: 100 concurrent clients for 30 s against a real Strapi
 * (throwaway SQLite, or PostgreSQL when BENCH_DATABASE_URL / TEST_DATABASE_URL is set), every
 * request a new reader. Prints votes/s and latency, then checks the stored count against the
 * votes the server accepted.
 *
 *   node scripts/bench/votes.ts [--connections 100] [--seconds 30]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startTestCms } from '../lib/ephemeral-cms.ts';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '100' }, seconds: { type: 'string', default: '30' } } });
const database = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const cms = await startTestCms({ database, demoArticles: 1 });
try {
  const polls = (await (await fetch(`${cms.url}/api/polls`)).json()) as { data: Array<{ documentId: string; options: Array<{ id: number }> }> };
  const poll = polls.data[0]!;
  const resultsUrl = `${cms.url}/api/polls/${poll.documentId}/results`;
  const total = async () => ((await (await fetch(resultsUrl)).json()) as { data: { totalVotes: number } }).data.totalVotes;
  const before = await total();
  console.log(`[bench] ${database}: ${values.connections} connections for ${values.seconds} s, POST /api/polls/${poll.documentId}/vote`);
  const result = await autocannon({
    url: `${cms.url}/api/polls/${poll.documentId}/vote`,
    method: 'POST',
    connections: Number(values.connections),
    duration: Number(values.seconds),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ option: poll.options[0]!.id }),
  });
  const accepted = result['2xx'];
  // Requests still in flight when the clock stops are cut off by autocannon but may already be
  // stored: let the server finish them, then the count must lie between answered and sent.
  await new Promise((r) => setTimeout(r, 3000));
  const counted = (await total()) - before;
  const inFlight = counted - accepted;
  const consistent = result.non2xx === 0 && counted >= accepted && counted <= result.requests.sent && inFlight <= Number(values.connections) + result.timeouts;
  console.log(`[bench] votes/s (accepted): ${(accepted / result.duration).toFixed(0)}`);
  console.log(`[bench] latency p50: ${result.latency.p50} ms, p99: ${result.latency.p99} ms, max: ${result.latency.max} ms`);
  console.log(
    `[bench] requests sent: ${result.requests.sent}, answered 2xx: ${accepted}, non-2xx: ${result.non2xx}, errors: ${result.errors}, timeouts: ${result.timeouts}`,
  );
  console.log(
    `[bench] stored count: +${counted} = ${accepted} answered + ${inFlight} cut off in flight at the end: ${consistent ? 'consistent' : 'INCONSISTENT'}`,
  );
  if (!consistent) process.exitCode = 1;
} finally {
  await cms.stop();
}
