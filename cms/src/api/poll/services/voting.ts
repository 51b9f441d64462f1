/**
 * Poll voting. Every accepted vote is one INSERT into a ledger with a unique (poll, voter) key,
 * so a voter counts once whatever the concurrency, and results are COUNTs of that ledger: counts
 * never pass through JavaScript arithmetic. The editors' per-option counter (shown in the admin)
 * is refreshed from the ledger shortly after votes arrive, off the hot path: bumping it in every
 * vote made concurrent votes contend (and on PostgreSQL deadlock) on the option rows.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { hashToken } from '../../../public-writes/ip-hash';

const COUNTER_SYNC_DELAY_MS = 2000;
export const VOTES_TABLE = 'tt_poll_votes';
const OPTIONS_TABLE = 'components_poll_options';

export interface PollOptionResult {
  id: number;
  key: string;
  label: string;
  votes: number;
  percent: number;
}
export interface PollResults {
  documentId: string;
  question: string;
  totalVotes: number;
  options: PollOptionResult[];
  open: boolean;
}

export type VoteOutcome =
  | { kind: 'accepted'; results: PollResults; voterToken: string }
  | { kind: 'duplicate'; results: PollResults }
  | { kind: 'not-found' }
  | { kind: 'not-open'; opensAt: string }
  | { kind: 'closed'; closedAt: string }
  | { kind: 'unknown-option' };

type PublishedPoll = {
  documentId: string;
  question: string;
  opensAt: string | null;
  closesAt: string | null;
  options: Array<{ id: number; key: string | null; label: string }>;
};

type Knex = Core.Strapi['db']['connection'];

export const newOptionKey = () => randomBytes(6).toString('base64url');

export async function ensureVotesTable(knex: Knex) {
  if (await knex.schema.hasTable(VOTES_TABLE)) return;
  await knex.schema.createTable(VOTES_TABLE, (t) => {
    t.increments('id');
    t.string('poll_document_id', 64).notNullable();
    t.string('option_key', 32).notNullable();
    t.string('voter_hash', 64).notNullable();
    t.string('ip_hash', 64).notNullable();
    t.timestamp('created_at').notNullable();
    t.unique(['poll_document_id', 'voter_hash'], { indexName: 'tt_poll_votes_voter_uq' });
    t.index(['poll_document_id', 'option_key'], 'tt_poll_votes_option_idx');
  });
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * Runs `fn` on the current transaction when there is one (a publish runs these queries inside
   * the Document Service's transaction; a second connection would wait on it forever with SQLite),
   * else in a transaction of its own.
   */
  const inTransaction = <T>(fn: (db: Knex) => Promise<T>): Promise<T> => strapi.db.transaction(({ trx }) => fn(trx as unknown as Knex)) as Promise<T>;

  async function publishedPoll(documentId: string): Promise<PublishedPoll | null> {
    const poll = await strapi.documents('api::poll.poll').findOne({ documentId, status: 'published', populate: ['options'] });
    if (!poll) return null;
    const iso = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString() : null);
    // Published entries passed the publish checks: a question and 2-10 labelled options.
    return {
      documentId: poll.documentId,
      question: poll.question ?? '',
      opensAt: iso(poll.opensAt),
      closesAt: iso(poll.closesAt),
      options: (poll.options ?? []).map((o) => ({ id: Number(o.id), key: o.key ?? null, label: o.label ?? '' })),
    };
  }

  function openState(poll: PublishedPoll, now = new Date()): VoteOutcome | null {
    if (poll.opensAt && new Date(poll.opensAt) > now) return { kind: 'not-open', opensAt: poll.opensAt };
    if (poll.closesAt && new Date(poll.closesAt) <= now) return { kind: 'closed', closedAt: poll.closesAt };
    return null;
  }

  async function resultsOf(db: Knex, poll: PublishedPoll): Promise<PollResults> {
    const rows = (await db(VOTES_TABLE).where({ poll_document_id: poll.documentId }).groupBy('option_key').select('option_key').count({ n: '*' })) as Array<{
      option_key: string;
      n: number | string;
    }>;
    const counts = new Map(rows.map((r) => [r.option_key, Number(r.n)]));
    const options = poll.options.map((o) => ({ id: o.id, key: o.key ?? '', label: o.label, votes: (o.key && counts.get(o.key)) || 0 }));
    const totalVotes = options.reduce((sum, o) => sum + o.votes, 0);
    return {
      documentId: poll.documentId,
      question: poll.question,
      totalVotes,
      open: openState(poll) === null,
      options: options.map((o) => ({ ...o, percent: totalVotes ? Math.round((o.votes / totalVotes) * 1000) / 10 : 0 })),
    };
  }

  const pendingSyncs = new Map<string, NodeJS.Timeout>();
  async function syncCounts(documentId: string): Promise<void> {
    await inTransaction(async (db) => {
      const rows = (await db(VOTES_TABLE).where({ poll_document_id: documentId }).groupBy('option_key').select('option_key').count({ n: '*' })) as Array<{
        option_key: string;
        n: number | string;
      }>;
      for (const r of rows)
        await db(OPTIONS_TABLE)
          .where({ key: r.option_key })
          .update({ votes: Number(r.n) });
    });
  }
  /** One counter refresh per poll per COUNTER_SYNC_DELAY_MS, whatever the number of votes. */
  function scheduleCounterSync(documentId: string) {
    if (pendingSyncs.has(documentId)) return;
    const timer = setTimeout(() => {
      pendingSyncs.delete(documentId);
      syncCounts(documentId).catch((err: unknown) => strapi.log.warn(`[poll] counter refresh failed: ${err instanceof Error ? err.message : String(err)}`));
    }, COUNTER_SYNC_DELAY_MS);
    timer.unref();
    pendingSyncs.set(documentId, timer);
  }

  return {
    async results(documentId: string): Promise<PollResults | null> {
      const poll = await publishedPoll(documentId);
      return poll ? inTransaction((db) => resultsOf(db, poll)) : null;
    },

    /** Records one vote; `voterToken` is the reader's cookie, if any. */
    async vote(input: { documentId: string; optionId: number; voterToken: string | null; ipHash: string }): Promise<VoteOutcome> {
      const poll = await publishedPoll(input.documentId);
      if (!poll) return { kind: 'not-found' };
      const state = openState(poll);
      if (state) return state;
      const option = poll.options.find((o) => o.id === input.optionId);
      if (!option?.key) return { kind: 'unknown-option' };
      const voterToken = input.voterToken ?? randomBytes(24).toString('base64url');
      try {
        await inTransaction((db) =>
          db(VOTES_TABLE).insert({
            poll_document_id: poll.documentId,
            option_key: option.key,
            voter_hash: hashToken(voterToken),
            ip_hash: input.ipHash,
            created_at: new Date(),
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err)) return { kind: 'duplicate', results: await inTransaction((db) => resultsOf(db, poll)) };
        throw err;
      }
      scheduleCounterSync(poll.documentId);
      return { kind: 'accepted', results: await inTransaction((db) => resultsOf(db, poll)), voterToken };
    },

    /** After a (re)publish, the new option rows take their counts from the ledger. */
    syncCounts,
  };
};
