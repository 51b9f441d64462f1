/**
 * Page views for the "Đọc nhiều" box: one counter per article per hour, nothing about the reader
 * (no cookie, no address, no time finer than the hour). Views arriving together are added up in
 * memory and written once a second as one upsert per article, so a busy story costs one write a
 * second, not one per reader; several instances add to the same rows.
 */
import { type Knex, TABLES } from '../../../database/tables';

const READS_TABLE = TABLES.reads;
const HOUR_MS = 3600_000;
/** Rows older than this are dropped: only the last 24 hours are ever read. */
const KEEP_HOURS = 48;

export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);

export interface TopRead {
  documentId: string;
  views: number;
}

/** The most read published articles of the last 24 hours (ties by id, so the answer is stable). */
export async function topReads(knex: Knex, nowMs: number, limit: number): Promise<TopRead[]> {
  const rows = (await knex(READS_TABLE)
    .select('document_id')
    .sum({ views: 'views' })
    .where('hour', '>', hourOf(nowMs) - 24)
    // Drafts never count: only articles that have a published version.
    .whereIn('document_id', knex('articles').select('document_id').whereNotNull('published_at'))
    .groupBy('document_id')
    .orderBy([
      { column: 'views', order: 'desc' },
      { column: 'document_id', order: 'asc' },
    ])
    .limit(limit)) as Array<{ document_id: string; views: number | string }>;
  return rows.map((r) => ({ documentId: r.document_id, views: Number(r.views) }));
}

/** Counts views in memory and adds them to the table every `flushMs`. */
export function createReadCounter(knex: () => Knex, flushMs = 1000) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let lastPrune = 0;

  async function flush(): Promise<void> {
    timer = null;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const hour = hourOf(Date.now());
    const db = knex();
    const rows = [...batch].map(([document_id, views]) => ({ document_id, hour, views }));
    await db(READS_TABLE)
      .insert(rows)
      .onConflict(['document_id', 'hour'])
      .merge({ views: db.raw('?? + excluded.??', [`${READS_TABLE}.views`, 'views']) });
    if (hour !== lastPrune) {
      lastPrune = hour;
      await db(READS_TABLE)
        .where('hour', '<', hour - KEEP_HOURS)
        .delete();
    }
  }

  return {
    count(documentId: string): void {
      pending.set(documentId, (pending.get(documentId) ?? 0) + 1);
      timer ??= setTimeout(() => {
        flush().catch((err: unknown) => console.error('[reads] could not store page views', err));
      }, flushMs);
    },
    /** Writes what is pending now (tests, shutdown). */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
