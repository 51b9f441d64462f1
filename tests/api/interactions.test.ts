import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { Newsroom } from '../support/fixtures.ts';
import { adminToken, requestJson } from '../support/http.ts';
import { newReader, resultsSettled } from '../support/readers.ts';
import { openLedger } from '../../scripts/lib/vote-ledger-access.ts';
import { startTestCms, TEST_ADMIN, testDatabases, type TestCms } from '../support/test-cms.ts';

const SITE_ORIGIN = 'http://localhost:4321';
const LIMITS = { RATE_LIMIT_POINTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60', VOTES_PER_IP_PER_POLL: '3', TRUSTED_PROXIES: '127.0.0.1', CORS_ORIGINS: SITE_ORIGIN };

type Results = { documentId: string; totalVotes: number; options: Array<{ id: number; label: string; votes: number; percent: number }> };
type Entry = { documentId: string; [k: string]: unknown };

describe.each(testDatabases)('poll votes and comments on %s', (database) => {
  let cms: TestCms;
  let admin: string;
  let newsroom: Newsroom;
  let pollId: string;
  let options: Results['options'];
  let articleId: string;

  const vote = (poll: string, body: unknown, init: { ip?: string; cookie?: string; contentType?: string; raw?: string } = {}) =>
    fetch(`${cms.url}/api/polls/${poll}/vote`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': init.contentType ?? 'application/json',
        'x-forwarded-for': init.ip ?? newReader(),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      body: init.raw ?? JSON.stringify(body),
    });
  const results = async (poll = pollId) => (await requestJson<{ data: Results }>(`${cms.url}/api/polls/${poll}/results`)).body.data;
  /** Results once the counts readers see have caught up: they may lag votes by up to a second. */
  const settledResults = async (poll = pollId) => {
    await resultsSettled();
    return results(poll);
  };
  const total = async () => (await settledResults()).totalVotes;
  /**
   * The poll's rows in the ledger: exact at once (a vote is committed before it is answered),
   * where the results readers see may lag a second.
   */
  const ledgerVotes = async () => {
    const ledger = await openLedger(cms.env);
    try {
      return (await ledger.audit(pollId)).ledger;
    } finally {
      await ledger.close();
    }
  };

  const createPoll = async (data: Record<string, unknown>, publish = true) => {
    const res = await requestJson<{ data: Entry }>(`${cms.url}/content-manager/collection-types/api::poll.poll`, {
      method: 'POST',
      token: admin,
      json: { options: [{ label: 'Có' }, { label: 'Không' }], ...data },
    });
    expect(res.status).toBe(201);
    if (publish) await newsroom.publish('api::poll.poll', res.body.data.documentId);
    return res.body.data.documentId;
  };

  beforeAll(async () => {
    cms = await startTestCms({ database, demoArticles: 2, env: LIMITS });
    admin = await adminToken(cms.url, TEST_ADMIN.email, TEST_ADMIN.password);
    newsroom = new Newsroom(cms.url, admin);
    const polls = await requestJson<{ data: Entry[] }>(`${cms.url}/api/polls`);
    pollId = polls.body.data[0]!.documentId;
    options = (await results()).options;
    const articles = await requestJson<{ data: Entry[] }>(`${cms.url}/api/articles?filters[slug][$eq]=ca-nuoc-co-5248607-dang-vien`);
    articleId = articles.body.data[0]!.documentId;
  });

  afterAll(async () => {
    await cms?.stop();
  });

  it('counts 5,000 votes from 200 concurrent readers exactly', async () => {
    const before = await total();
    const VOTES = 5000;
    const CONCURRENCY = 200;
    let next = 0;
    let accepted = 0;
    const statuses = new Map<number, number>();
    let withoutOwnVote = 0;
    const worker = async () => {
      while (next < VOTES) {
        const n = next++;
        const option = options[n % options.length]!.id;
        const res = await vote(pollId, { option });
        const body = (await res.json()) as { data?: Results };
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 201) continue;
        accepted++;
        // The answer to a vote may lag others' votes, never the voter's own.
        const shown = body.data?.options.find((o) => o.id === option)?.votes ?? 0;
        if (shown < 1 || (body.data?.totalVotes ?? 0) < before + 1) withoutOwnVote++;
      }
    };
    const beforeByOption = new Map((await settledResults()).options.map((o) => [o.id, o.votes]));
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 201: VOTES });
    expect(withoutOwnVote).toBe(0);
    const after = await settledResults();
    expect(after.totalVotes - before).toBe(accepted);
    expect(after.options.reduce((s, o) => s + o.votes, 0)).toBe(before + VOTES);
    // Each option exactly: the n-th vote went to option n mod the number of options.
    for (const [i, o] of options.entries()) {
      const sent = Math.floor(VOTES / options.length) + (i < VOTES % options.length ? 1 : 0);
      expect(after.options.find((x) => x.id === o.id)!.votes, o.label).toBe(beforeByOption.get(o.id)! + sent);
    }
    // The counters readers see equal the ledger's rows.
    const ledger = await openLedger(cms.env);
    try {
      expect(await ledger.audit(pollId)).toEqual({ ledger: after.totalVotes, counters: after.totalVotes });
    } finally {
      await ledger.close();
    }
    // The editors' counters (the option rows) catch up with the ledger within seconds.
    const editorTotal = async () =>
      (
        await requestJson<{ data: { options: Array<{ votes: number }> } }>(
          `${cms.url}/content-manager/collection-types/api::poll.poll/${pollId}?status=published`,
          { token: admin },
        )
      ).body.data.options.reduce((s, o) => s + o.votes, 0);
    await eventually(async () => (await editorTotal()) === before + VOTES, `the editors' counters to reach ${before + VOTES}`, 15_000, 500);
  }, 300_000);

  it('includes each reader’s own vote in the answer, round after round', async () => {
    const labels = Array.from({ length: 10 }, (_, i) => ({ label: `Phương án ${i + 1}` }));
    const poll = await createPoll({ question: 'Câu hỏi đếm theo vòng', options: labels });
    const ids = (await results(poll)).options.map((o) => o.id);
    const PER_OPTION = 20;
    for (let round = 0; round < 3; round++) {
      // Every earlier round has settled: the counts readers see include it, so an answer that
      // left out the reader's own vote would show exactly this, not one more.
      const settled = new Map((await settledResults(poll)).options.map((o) => [o.id, o.votes]));
      for (const id of ids) expect(settled.get(id), `round ${round}`).toBe(round * PER_OPTION);
      const answers = await Promise.all(
        ids.flatMap((id) =>
          Array.from({ length: PER_OPTION }, async () => {
            const res = await vote(poll, { option: id });
            const body = (await res.json()) as { data: Results };
            return { id, status: res.status, shown: body.data.options.find((o) => o.id === id)!.votes };
          }),
        ),
      );
      expect(answers.filter((a) => a.status !== 201)).toEqual([]);
      expect(answers.filter((a) => a.shown < round * PER_OPTION + 1)).toEqual([]);
    }
    const last = await settledResults(poll);
    expect(last.options.map((o) => o.votes)).toEqual(ids.map(() => 3 * PER_OPTION));
  });

  it('counts one vote when one reader sends many at once', async () => {
    const first = await vote(pollId, { option: options[0]!.id });
    expect(first.status).toBe(201);
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const poll = await createPoll({ question: 'Câu hỏi gửi trùng cùng lúc' });
    const ids = (await results(poll)).options.map((o) => o.id);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => vote(poll, { option: ids[i % 2]! }, { cookie }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect((await settledResults(poll)).totalVotes).toBe(1);
    const ledger = await openLedger(cms.env);
    try {
      expect(await ledger.audit(poll)).toEqual({ ledger: 1, counters: 1 });
    } finally {
      await ledger.close();
    }
  });

  it('refuses a second vote from the same reader with 409 and the current results', async () => {
    const ip = newReader();
    const first = await vote(pollId, { option: options[0]!.id }, { ip });
    expect(first.status).toBe(201);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/tt_voter=[^;]+;.*httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    const count = await total();
    const again = await vote(
      pollId,
      { option: options[1]!.id },
      {
        ip: newReader(),
        cookie: cookie
          .split(',')
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    );
    expect(again.status).toBe(409);
    const body = (await again.json()) as { error: { message: string; results: Results } };
    expect(body.error.message).toMatch(/đã bình chọn/);
    expect(body.error.results.totalVotes).toBe(count);
    expect(await total()).toBe(count);
  });

  it('refuses bad votes with a 4xx and counts none of them', async () => {
    const closed = await createPoll({ question: 'Đã đóng?', closesAt: '2020-01-01T00:00:00.000Z' });
    const future = await createPoll({ question: 'Chưa mở?', opensAt: '2099-01-01T00:00:00.000Z' });
    const draft = await createPoll({ question: 'Bản nháp?' }, false);
    const before = await ledgerVotes();
    const cases: Array<[string, Response, number]> = [
      ['closed poll', await vote(closed, { option: 1 }), 403],
      ['not yet open', await vote(future, { option: 1 }), 403],
      ['unpublished poll', await vote(draft, { option: 1 }), 404],
      ['unknown poll', await vote('khongtontai0000000000000', { option: options[0]!.id }), 404],
      ['unknown option', await vote(pollId, { option: 999999 }), 400],
      ['extra field', await vote(pollId, { option: options[0]!.id, votes: 1000 }), 400],
      ['poll id in body', await vote(pollId, { option: options[0]!.id, poll: pollId }), 400],
      ['wrong type', await vote(pollId, { option: [options[0]!.id] }), 400],
      ['negative option', await vote(pollId, { option: -1 }), 400],
      ['missing option', await vote(pollId, {}), 400],
      ['not JSON', await vote(pollId, null, { raw: '{"option":', contentType: 'application/json' }), 400],
      ['wrong content type', await vote(pollId, null, { raw: 'option=1', contentType: 'text/plain' }), 415],
      ['oversized body', await vote(pollId, { option: options[0]!.id, pad: 'x'.repeat(100_000) }), 413],
    ];
    for (const [name, res, status] of cases) {
      expect(res.status, name).toBe(status);
      // Malformed JSON and oversized bodies are refused by the body parser before our handler.
      if (status !== 413 && name !== 'not JSON') expect(((await res.json()) as { error: { message: string } }).error.message, name).toMatch(/[À-ỹ]/);
    }
    expect(await ledgerVotes()).toBe(before);
    expect((await results(closed)).totalVotes).toBe(0);
  });

  it('rate-limits public writes per reader address with 429 and Retry-After', async () => {
    const ip = newReader();
    const before = await ledgerVotes();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await vote(pollId, { option: 999999 }, { ip });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The limit follows the address the server sees, not anything in the body.
    const other = await vote(pollId, { option: options[0]!.id }, { ip: newReader() });
    expect(other.status).toBe(201);
    expect(await ledgerVotes()).toBe(before + 1);
  });

  it('caps votes per address per poll, so one address cannot stuff a poll by dropping cookies', async () => {
    const ip = newReader();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await vote(pollId, { option: options[0]!.id }, { ip })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('serves results with percentages, cacheable for a few seconds', async () => {
    const res = await fetch(`${cms.url}/api/polls/${pollId}/results`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=5');
    const { data } = (await res.json()) as { data: Results };
    const percent = data.options.reduce((s, o) => s + o.percent, 0);
    expect(percent).toBeGreaterThan(99.5);
    expect(percent).toBeLessThan(100.5);
  });

  it('answers a plain form vote with a redirect to a results page that links back', async () => {
    const res = await vote(pollId, null, { raw: `option=${options[1]!.id}`, contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toContain(`/api/polls/${pollId}/results?view=html&voted=accepted`);
    const page = await fetch(new URL(location, cms.url));
    const html = await page.text();
    expect(html).toContain('Cảm ơn bạn đã bình chọn.');
    expect(html).toMatch(/\d+(\.\d)?%/);
  });

  describe('writes from other sites', () => {
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const commentsOf = async () =>
      (await requestJson<{ results: unknown[] }>(`${cms.url}/content-manager/collection-types/api::comment.comment?pageSize=100`, { token: admin })).body
        .results.length;
    const postForm = (path: string, body: string, headers: Record<string, string>) =>
      fetch(`${cms.url}/api${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': newReader(), ...headers },
        body,
      });

    it.each([
      ['an Origin of another site', { origin: 'https://evil.example' }],
      ['an Origin of another site and Sec-Fetch-Site', crossSite],
      ['the opaque Origin of a sandboxed frame', { origin: 'null' }],
      ['no Origin but Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ])('refuses a form vote and a form comment with %s, sets no cookie, stores nothing', async (_what, headers) => {
      const votesBefore = await ledgerVotes();
      const commentsBefore = await commentsOf();
      const voteRes = await postForm(`/polls/${pollId}/vote`, `option=${options[0]!.id}`, headers);
      expect(voteRes.status).toBe(403);
      expect(voteRes.headers.get('set-cookie')).toBeNull();
      const commentRes = await postForm(`/articles/${articleId}/comments`, 'authorName=Ke+la&body=Binh+luan+tu+trang+khac', headers);
      expect(commentRes.status).toBe(403);
      expect(await ledgerVotes()).toBe(votesBefore);
      expect(await commentsOf()).toBe(commentsBefore);
    });

    it('accepts the same writes from the site itself, and from clients that are not browsers', async () => {
      const before = await ledgerVotes();
      const fromTheSite: Array<Record<string, string>> = [{ origin: SITE_ORIGIN, 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'same-origin' }, {}];
      for (const headers of fromTheSite) {
        expect((await postForm(`/polls/${pollId}/vote`, `option=${options[0]!.id}`, headers)).status, JSON.stringify(headers)).toBe(303);
      }
      expect(await ledgerVotes()).toBe(before + 3);
      const comment = await postForm(`/articles/${articleId}/comments`, 'authorName=Ban+doc&body=Binh+luan+tu+trang+bao', { origin: SITE_ORIGIN });
      expect(comment.status).toBe(303);
    });
  });

  it('allows CORS only for the site origin, never reflecting others', async () => {
    const preflight = (origin: string) =>
      fetch(`${cms.url}/api/polls/${pollId}/vote`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight(SITE_ORIGIN)).headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  describe('comments', () => {
    const post = (article: string, body: unknown, ip = newReader()) =>
      fetch(`${cms.url}/api/articles/${article}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify(body),
      });
    const stored = async () =>
      (
        await requestJson<{ results: Array<{ authorName: string; body: string; moderationStatus: string }> }>(
          `${cms.url}/content-manager/collection-types/api::comment.comment?pageSize=100`,
          { token: admin },
        )
      ).body.results;

    it('stores a comment as pending plain text and says it awaits moderation', async () => {
      const res = await post(articleId, {
        authorName: '  Nguyễn   Văn\u0007 A ',
        body: 'Bài viết hay <script>alert(1)</script>\u0000\n\n\n\nCảm ơn   tòa soạn.',
      });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { message: string }).message).toMatch(/chờ Ban biên tập duyệt/);
      const mine = (await stored()).find((c) => c.authorName === 'Nguyễn Văn A');
      expect(mine).toMatchObject({ moderationStatus: 'pending', body: 'Bài viết hay <script>alert(1)</script>\n\nCảm ơn tòa soạn.' });
      const publicList = await requestJson<{ data: unknown[] }>(`${cms.url}/api/comments?pagination[pageSize]=100`);
      expect(JSON.stringify(publicList.body)).not.toContain('Nguyễn Văn A');
    });

    it.each([
      ['a name over 60 characters', { authorName: 'A'.repeat(61), body: 'Nội dung' }],
      ['a body over 2,000 characters', { authorName: 'B', body: 'x'.repeat(2001) }],
      ['more than 2 links', { authorName: 'C', body: 'http://a.vn http://b.vn www.c.vn' }],
      ['3 comma-joined links', { authorName: 'C', body: 'Xem http://a.vn,http://b.vn,http://c.vn' }],
      ['3 links run together', { authorName: 'C', body: 'http://a.vnhttp://b.vnhttps://c.vn' }],
      ['3 links without a scheme', { authorName: 'C', body: 'mua tại a.com, b.net và c.org' }],
      ['a name of Hangul fillers', { authorName: '\u3164\u3164', body: 'Nội dung' }],
      ['a name of invisible format characters', { authorName: '\u2060\u00AD\u034F\u200B', body: 'Nội dung' }],
      ['a name of punctuation only', { authorName: '...', body: 'Nội dung' }],
      ['an empty body', { authorName: 'D', body: '   ' }],
      ['an extra field', { authorName: 'E', body: 'Nội dung', moderationStatus: 'approved' }],
      ['a wrong type', { authorName: 'F', body: 42 }],
    ])('refuses %s', async (_name, body) => {
      const before = (await stored()).length;
      const res = await post(articleId, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/[À-ỹ]/);
      expect((await stored()).length).toBe(before);
    });

    it('answers a filled honeypot like a person but stores nothing', async () => {
      const before = (await stored()).length;
      const res = await post(articleId, { authorName: 'Bot', body: 'Mua ngay', website: 'http://spam.example' });
      expect(res.status).toBe(202);
      expect((await stored()).length).toBe(before);
    });

    it('takes comments only on published articles', async () => {
      const draft = await newsroom.createArticle({ title: 'Bản nháp nhận bình luận?' }, { categorySlug: 'xa-hoi', publish: false });
      expect((await post(draft.documentId, { authorName: 'G', body: 'Nội dung' })).status).toBe(404);
    });
  });
});
