/**
 * Poll voting. An accepted vote is a row INSERTed into the ledger (see vote-ledger.ts, which
 * batches the votes that arrive together), whose unique (poll, voter) key makes a voter count
 * once whatever the concurrency, and whose trigger moves the option's counter in the same
 * statement. Everything else a vote needs comes from memory: the published poll (poll-cache.ts,
 * a couple of seconds) and the counts readers see (count-snapshots.ts, at most a second old, the
 * voter's own vote always included). The editors' per-option count in the admin is copied from
 * the counters shortly after votes arrive.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { hashToken } from '../../../public-writes/ip-hash';
import { createCountSnapshots, type Counts, type OwnVote } from './count-snapshots';
import { createPollCache } from './poll-cache';
import { inTransaction as inStrapiTransaction, type Knex } from '../../../database/tables';
import { countsByOption, createVoteRecorder } from './vote-ledger';

const COUNTER_SYNC_DELAY_MS = 2000;
const POLL_CACHE_MS = 2000;
const RESULTS_MAX_AGE_MS = 1000;
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

export const newOptionKey = () => randomBytes(6).toString('base64url');

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  /** A publish runs the counter copy inside the Document Service's transaction (tables.ts). */
  const inTransaction = <T>(fn: (db: Knex) => Promise<T>): Promise<T> => inStrapiTransaction(strapi, fn);

  const polls = createPollCache<PublishedPoll>(async (documentId) => {
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
  }, POLL_CACHE_MS);
  const recorder = createVoteRecorder(knex);
  const snapshots = createCountSnapshots((documentId) => countsByOption(knex(), documentId), RESULTS_MAX_AGE_MS);

  function openState(poll: PublishedPoll, now = new Date()): VoteOutcome | null {
    if (poll.opensAt && new Date(poll.opensAt) > now) return { kind: 'not-open', opensAt: poll.opensAt };
    if (poll.closesAt && new Date(poll.closesAt) <= now) return { kind: 'closed', closedAt: poll.closesAt };
    return null;
  }

  function resultsOf(poll: PublishedPoll, counts: Counts): PollResults {
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
  const currentResults = async (poll: PublishedPoll, ownVote?: OwnVote) => resultsOf(poll, await snapshots.counts(poll.documentId, ownVote));

  /** Copies the counters into the option rows editors see (draft and published share a key). */
  async function syncCounts(documentId: string): Promise<void> {
    await inTransaction(async (db) => {
      for (const [key, votes] of await countsByOption(db, documentId)) await db(OPTIONS_TABLE).where({ key }).update({ votes });
    });
  }
  const pendingSyncs = new Map<string, NodeJS.Timeout>();
  /** One copy per poll per COUNTER_SYNC_DELAY_MS, whatever the number of votes. */
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
      const poll = await polls.get(documentId);
      return poll ? currentResults(poll) : null;
    },

    /** Records one vote; `voterToken` is the reader's cookie, if any. */
    async vote(input: { documentId: string; optionId: number; voterToken: string | null; ipHash: string }): Promise<VoteOutcome> {
      const poll = await polls.get(input.documentId);
      if (!poll) return { kind: 'not-found' };
      const state = openState(poll);
      if (state) return state;
      const option = poll.options.find((o) => o.id === input.optionId);
      if (!option?.key) return { kind: 'unknown-option' };
      const voterToken = input.voterToken ?? randomBytes(24).toString('base64url');
      const sentAt = performance.now();
      const accepted = await recorder.record({
        pollDocumentId: poll.documentId,
        optionKey: option.key,
        voterHash: hashToken(voterToken),
        ipHash: input.ipHash,
      });
      if (!accepted) return { kind: 'duplicate', results: await currentResults(poll) };
      const ownVote = { optionKey: option.key, sentAt, committedAt: performance.now() };
      scheduleCounterSync(poll.documentId);
      return { kind: 'accepted', results: await currentResults(poll, ownVote), voterToken };
    },

    /** After an edit, publish or unpublish: the next vote or read loads the poll again. */
    forgetPoll: (documentId: string) => polls.forget(documentId),

    /** After a (re)publish, the new option rows take their counts from the counters. */
    syncCounts,
  };
};
