/**
 * Where a process's site data comes from, read once and shared by every page: in a static
 * build, from the CMS (keyset pages of 100, each entry validated) and saved beside the output for
 * the render host; in the render host, from that save. The render host replaces it after each
 * applied change. Entries are kept in memory (no content-layer store), which sidesteps the
 * store's single-string limit on large archives.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Category, category, mostReadList } from '@tintinh/content-types';
import { siteConfig } from '../site-config.ts';
import { InvalidEntryError, StrapiClient, StrapiRequestError } from '../strapi-client.ts';
import { assembleSiteData, inMenuOrder } from './derive.ts';
import { entrySchemas, movedPathList, type SiteContent, type SiteData } from './schema.ts';
import { readSnapshot, SNAPSHOT_FILE, writeSnapshot } from './snapshot.ts';

let loading: Promise<SiteData> | undefined;

export const siteClient = () => {
  const config = siteConfig();
  if (!config.token) throw new Error('STRAPI_TOKEN is not set (the CMS writes it to site/.env at first start)');
  return new StrapiClient({ baseUrl: config.strapiUrl, token: config.token, readAhead: config.readAhead });
};

async function loadSiteData(): Promise<SiteData> {
  const { contentSnapshot, outDir } = siteConfig();
  if (contentSnapshot) {
    const { content, builtAt } = await readSnapshot(contentSnapshot);
    return assembleSiteData(content, builtAt);
  }
  const content = await fetchSiteContent();
  const builtAt = new Date();
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    await writeSnapshot(path.join(outDir, SNAPSHOT_FILE), content, builtAt);
  }
  return assembleSiteData(content, builtAt);
}

/** The data every page of this process reads. */
export function siteData(): Promise<SiteData> {
  loading ??= loadSiteData().catch(async (err: unknown) => {
    await reportFailure(err);
    throw err;
  });
  return loading;
}

/**
 * A build that cannot read its content says why in one line, in the failure file when the
 * runner set one (the publisher shows it on /_status): the CMS request that failed, or the entry
 * and field that do not fit the model.
 */
async function reportFailure(err: unknown): Promise<void> {
  const file = siteConfig().failureFile;
  if (file && (err instanceof StrapiRequestError || err instanceof InvalidEntryError)) await writeFile(file, err.message);
}

/** Replaces the data pages read (the incremental renderer, after applying one change). */
export function replaceSiteData(data: SiteData): void {
  loading = Promise.resolve(data);
}

let navCache: { at: number; categories: Promise<Category[]> } | undefined;

/**
 * The menu's categories. A static build already holds them; a preview request (rendered on
 * demand) fetches just the categories, cached for a minute, instead of the whole archive.
 */
export function navCategories(): Promise<Category[]> {
  if (loading) return loading.then((d) => d.categories);
  if (!navCache || Date.now() - navCache.at > 60_000) {
    navCache = { at: Date.now(), categories: siteClient().findAll('categories', category.entrySchema, 'category').then(inMenuOrder) };
  }
  return navCache.categories;
}

/** Reads every collection the site shows. */
export async function fetchSiteContent(): Promise<SiteContent> {
  const client = siteClient();
  const started = Date.now();
  const [categories, tags, articles, polls, notes, comments, movedPaths, mostRead] = await Promise.all([
    client.findAll('categories', entrySchemas.categories, 'category'),
    client.findAll('tags', entrySchemas.tags, 'tag'),
    client.findAll('articles', entrySchemas.articles, 'article', (done, total) => {
      if (done % 10_000 === 0 || done === total) console.log(`[site] articles ${done}/${total}`);
    }),
    fetchPolls(),
    fetchWeatherNotes(),
    client.findAll('comments', entrySchemas.comments, 'comment'),
    fetchMovedPaths(),
    fetchMostRead(),
  ]);
  console.log(
    `[site] read ${articles.length} articles, ${categories.length} categories, ${tags.length} tags, ${comments.length} comments in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { categories, tags, articles, polls, notes, comments, movedPaths, mostRead };
}

/** The published article, or null when it is not (or no longer) published. */
export async function fetchArticle(documentId: string) {
  const found = await siteClient().findAll('articles', entrySchemas.articles, 'article', undefined, { documentId: { $eq: documentId } });
  return found[0] ?? null;
}

/** The approved comment on a published article, or null. */
export async function fetchComment(documentId: string) {
  const found = await siteClient().findAll('comments', entrySchemas.comments, 'comment', undefined, { documentId: { $eq: documentId } });
  return found[0] ?? null;
}

export const fetchPolls = () => siteClient().findAll('polls', entrySchemas.polls, 'poll');
export const fetchWeatherNotes = () => siteClient().findAll('weather-notes', entrySchemas.notes, 'weather-note');
export const fetchMovedPaths = () => siteClient().getData('redirects', movedPathList, 'redirect list');
export const fetchMostRead = () => siteClient().getData('reads/top', mostReadList, 'most-read list');
