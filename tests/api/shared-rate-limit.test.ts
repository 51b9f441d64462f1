import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCms, type TestCms } from '../support/test-cms.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two CMS instances behind one proxy must enforce one limit per reader, not one each. */
describe('public-write rate limit shared through Redis by several CMS instances', () => {
  const instances: TestCms[] = [];

  beforeAll(async () => {
    const env = { REDIS_URL, RATE_LIMIT_PREFIX: `tintinh-test-${randomBytes(4).toString('hex')}`, RATE_LIMIT_POINTS: '4', TRUSTED_PROXIES: '127.0.0.1' };
    instances.push(await startTestCms({ demoArticles: 0, env }));
    instances.push(await startTestCms({ demoArticles: 0, env }));
  });

  afterAll(async () => {
    for (const cms of instances) await cms.stop();
  });

  it('counts one reader across instances and answers 429 once the shared budget is spent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const cms = instances[i % 2]!;
      const res = await fetch(`${cms.url}/api/polls/khongtontai0000000000000/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.19.7.7' },
        body: JSON.stringify({ option: 1 }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
  });
});
