import { randomBytes } from 'node:crypto';
import { adminSearchText, article } from '@tintinh/content-types';
import type { ArticleText } from './article-text.ts';
import type { StrapiApp } from './strapi-app.ts';

const ARTICLE = 'api::article.article';
const FILE = 'plugin::upload.file';
const ARTICLE_FIELDS = [
  'documentId',
  'title',
  'slug',
  'lead',
  'body',
  'byline',
  'coverCaption',
  'featured',
  'datePublished',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'searchText',
] as const;
/** The admin's search column, as the CMS keeps it (cms/src/search/admin-search.ts). */
const SEARCHED_FROM = article.adminSearch?.from ?? [];

/** A published article ready for bulk insertion: relations already resolved to row ids. */
export interface BulkArticle extends ArticleText {
  slug: string;
  /** Row ids: the bulk writer links by id. */
  categoryId: number;
  tagIds: number[];
  coverFileId: number;
}

/** The parts of Strapi's own table metadata the bulk writer reads (never hard-coded names). */
interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn?: { name: string };
  orderColumnName?: string;
  orderBy?: Record<string, string>;
  morphColumn?: { idColumn: { name: string }; typeColumn: { name: string } };
}
interface AttributeMeta {
  columnName?: string;
  joinTable?: JoinTable;
}
interface ModelMeta {
  tableName: string;
  attributes: Record<string, AttributeMeta>;
}

type Row = Record<string, unknown>;
interface Knex {
  (table: string): { insert(rows: Row[]): Promise<unknown>; max(column: string, opts: { as: string }): Promise<Array<{ max: number | null }>> };
  raw(sql: string, bindings?: unknown[]): Promise<unknown>;
  transaction<T>(fn: (trx: Knex) => Promise<T>): Promise<T>;
  client: { config: { client: unknown } };
}
interface StrapiInternals {
  db: { metadata: { get(uid: string): ModelMeta }; connection: Knex };
}

/** Strapi's documentId shape: 24 lowercase letters and digits, starting with a letter. */
function documentId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  let id = alphabet[bytes[0]! % 26]!;
  for (let i = 1; i < 24; i++) id += alphabet[bytes[i]! % alphabet.length];
  return id;
}

function column(meta: ModelMeta, attribute: string): string {
  const name = meta.attributes[attribute]?.columnName;
  if (!name) throw new Error(`bulk writer: ${meta.tableName}.${attribute} has no column in Strapi's metadata`);
  return name;
}

function joinTable(meta: ModelMeta, attribute: string): JoinTable {
  const table = meta.attributes[attribute]?.joinTable;
  if (!table) throw new Error(`bulk writer: ${meta.tableName}.${attribute} has no join table in Strapi's metadata`);
  return table;
}

function inverseColumn(table: JoinTable, attribute: string): string {
  if (!table.inverseJoinColumn) throw new Error(`bulk writer: ${attribute} join table has no inverse column`);
  return table.inverseJoinColumn.name;
}

/**
 * Benchmark corpora only: writes published articles straight into Strapi's tables, in one
 * transaction per batch, the way the Document Service lays them out (a draft row and a
 * published row per document, each linked to its category, tags and cover). The Document
 * Service spends ≈30 ms of CPU per article (create + publish), which puts a 200,000-article
 * archive at over an hour; this path writes thousands per second. It skips the document
 * middlewares (slug rules, publish checks), so callers pass entries that already satisfy them,
 * and `verify()` reads one back through the Document Service to prove the layout still matches.
 */
export class BulkArticleWriter {
  private readonly strapi: StrapiApp;
  private readonly knex: Knex;
  private readonly article: ModelMeta;
  private readonly file: ModelMeta;

  constructor(strapi: StrapiApp) {
    this.strapi = strapi;
    const { db } = strapi as unknown as StrapiInternals;
    this.knex = db.connection;
    this.article = db.metadata.get(ARTICLE);
    this.file = db.metadata.get(FILE);
  }

  private get onPostgres(): boolean {
    return /^(pg|postgres)/.test(String(this.knex.client.config.client));
  }

  /** Which of `slugs` already belong to an article (draft or published). */
  async existingSlugs(slugs: string[]): Promise<Set<string>> {
    const rows = await this.strapi.db.query(ARTICLE).findMany({ where: { slug: { $in: slugs } }, select: ['slug'] });
    return new Set(rows.map((r) => String(r.slug)));
  }

  /**
   * Reads a bulk-written article back through the Document Service, as the REST API will, and
   * fails when any part of it is not where Strapi looks: a Strapi upgrade that changes the
   * table layout stops the generator instead of producing a corpus the site cannot read.
   */
  async verify(documentId: string, expected: BulkArticle): Promise<void> {
    const docs = this.strapi.documents(ARTICLE);
    const populate = { category: { fields: ['id'] }, tags: { fields: ['id'] }, cover: { fields: ['id'] } };
    for (const status of ['draft', 'published'] as const) {
      const doc = await docs.findFirst({ filters: { documentId }, status, populate });
      const problems: string[] = [];
      if (!doc) problems.push('missing');
      else {
        const relation = (v: unknown) => Number((v as { id?: unknown } | null)?.id);
        if (doc.slug !== expected.slug) problems.push(`slug ${String(doc.slug)}`);
        if (relation(doc.category) !== expected.categoryId) problems.push('category');
        if (relation(doc.cover) !== expected.coverFileId) problems.push('cover');
        const tags = Array.isArray(doc.tags) ? doc.tags.map(relation) : [];
        if (tags.join() !== expected.tagIds.join()) problems.push(`tags ${tags.join()}`);
        if (status === 'published' && !doc.publishedAt) problems.push('publishedAt');
      }
      if (problems.length) throw new Error(`bulk writer: ${status} article ${documentId} reads back wrong (${problems.join(', ')})`);
    }
  }

  /** Inserts `articles` (all published) in one transaction; returns their documentIds. */
  async insert(articles: BulkArticle[]): Promise<string[]> {
    const a = this.article;
    const category = joinTable(a, 'category');
    const tags = joinTable(a, 'tags');
    const related = joinTable(this.file, 'related');
    const morph = related.morphColumn;
    if (!morph) throw new Error('bulk writer: upload file "related" is not a morph relation');
    const categoryTarget = inverseColumn(category, 'category');
    const tagTarget = inverseColumn(tags, 'tags');
    const coverOrder = Object.keys(related.orderBy ?? {})[0];
    // Column names looked up once per batch, not once per row.
    const columns = Object.fromEntries(ARTICLE_FIELDS.map((f) => [f, column(a, f)])) as Record<(typeof ARTICLE_FIELDS)[number], string>;
    const now = new Date();
    const ids: string[] = [];
    await this.knex.transaction(async (trx) => {
      const [{ max }] = (await trx(a.tableName).max('id', { as: 'max' })) as [{ max: number | null }];
      let nextId = Number(max ?? 0) + 1;
      const rows: Row[] = [];
      const categoryLinks: Row[] = [];
      const tagLinks: Row[] = [];
      const coverLinks: Row[] = [];
      for (const entry of articles) {
        const docId = documentId();
        ids.push(docId);
        // The draft row first, then its published twin, as publish() leaves them.
        for (const publishedAt of [null, now]) {
          const id = nextId++;
          rows.push({
            id,
            [columns.documentId]: docId,
            [columns.title]: entry.title,
            [columns.slug]: entry.slug,
            [columns.lead]: entry.lead,
            [columns.body]: entry.body,
            [columns.byline]: entry.byline,
            [columns.coverCaption]: entry.coverCaption,
            [columns.featured]: entry.featured,
            [columns.datePublished]: new Date(entry.datePublished),
            [columns.createdAt]: now,
            [columns.updatedAt]: now,
            [columns.publishedAt]: publishedAt,
            [columns.searchText]: adminSearchText(SEARCHED_FROM, { ...entry }),
          });
          categoryLinks.push({ [category.joinColumn.name]: id, [categoryTarget]: entry.categoryId });
          for (const [order, tagId] of entry.tagIds.entries()) {
            tagLinks.push({ [tags.joinColumn.name]: id, [tagTarget]: tagId, ...(tags.orderColumnName ? { [tags.orderColumnName]: order + 1 } : {}) });
          }
          // Media links name their field in a `field` column that the metadata does not list.
          coverLinks.push({
            [related.joinColumn.name]: entry.coverFileId,
            [morph.idColumn.name]: id,
            [morph.typeColumn.name]: ARTICLE,
            field: 'cover',
            ...(coverOrder ? { [coverOrder]: 1 } : {}),
          });
        }
      }
      // Chunks stay under SQLite's bound-parameter limit.
      for (const [table, list] of [
        [a.tableName, rows],
        [category.name, categoryLinks],
        [tags.name, tagLinks],
        [related.name, coverLinks],
      ] as const) {
        for (let i = 0; i < list.length; i += 500) await trx(table).insert(list.slice(i, i + 500));
      }
      if (this.onPostgres) {
        // Explicit ids do not move PostgreSQL's sequence; later inserts by Strapi must not collide.
        await trx.raw(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [a.tableName, a.tableName]);
      }
    });
    return ids;
  }

  /**
   * After a bulk load, what PostgreSQL's autovacuum would do in its own time (and what its
   * manual advises after one): fresh planner statistics and a visibility map, so the admin's
   * list is planned on the rows it has, not on an empty table's guess. Runs outside any
   * transaction, as VACUUM must. SQLite plans well without statistics.
   */
  async refreshStatistics(): Promise<void> {
    if (!this.onPostgres) return;
    const a = this.article;
    const tables = [a.tableName, joinTable(a, 'category').name, joinTable(a, 'tags').name];
    for (const table of tables) await this.knex.raw('VACUUM ANALYZE ??', [table]);
  }
}
