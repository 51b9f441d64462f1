/**
 * Search between full builds. The Pagefind index is made by a full build; articles published,
 * corrected or taken down since then are described by a small second index the search page
 * merges at search time (`/pagefind-fresh/`), with `changes.json` listing every URL whose entry
 * in the full index is out of date: the search page drops those from the full index's results
 * and keeps the fresh index's. Rewritten whole at every incremental publish (it holds only what
 * changed since the last full build), in place in the live tree like every other file; a full
 * build's tree has none.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { childrenNamed, lowerPriority } from './lib/child-priority.ts';
import { outputFile } from '../site/src/lib/urls.ts';
import { hideFromSearch } from './search-fragments.ts';
import { articleRecord, hasArticleElement, indexedDocument, SEARCH_LANGUAGE } from './search-index.ts';

const FRESH_DIR = 'pagefind-fresh';
const ENTRY = 'pagefind-entry.json';
const CHANGES = 'changes.json';

/** A change being staged: files written (in the order they go live) and removed (live-tree.ts). */
export interface StagedFiles {
  staging: string;
  write: string[];
  remove: string[];
}

/**
 * Marks a page as coming from the fresh index, so the search page can tell the two apart. Put
 * after the article element, outside the indexed text: Pagefind reads metadata anywhere.
 */
const FRESH_MARK = '<span data-pagefind-meta="fresh" hidden>1</span>';

/** URLs published or taken down since the last full build, kept across incremental publishes. */
export class FreshPages {
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();

  record(rendered: readonly string[], removed: readonly string[]): void {
    for (const url of rendered) {
      this.removed.delete(url);
      this.changed.add(url);
    }
    for (const url of removed) {
      this.changed.delete(url);
      this.removed.add(url);
    }
  }

  clear(): void {
    this.changed.clear();
    this.removed.clear();
  }

  /** Takes over what `other` recorded (a new full build and the changes replayed onto it). */
  adopt(other: FreshPages): void {
    this.clear();
    for (const url of other.changed) this.changed.add(url);
    for (const url of other.removed) this.removed.add(url);
  }

  /**
   * Adds to `change` (staged over the live tree `tree`) the fresh index and its change list,
   * rewritten whole (its entry file after the files it names, the change list last, the files of
   * the one before removed after them), and the hiding of every changed or taken-down page's text
   * in the full index (search-fragments.ts).
   */
  async stage(tree: string, change: StagedFiles): Promise<void> {
    // Nothing searchable written or removed (the most-read box, a feed alone): the index stands.
    const searchable = await Promise.all(
      change.write
        .filter((rel) => rel.endsWith('.html'))
        .map(async (rel) => hasArticleElement(await readFile(path.join(change.staging, rel), 'utf8').catch(() => ''))),
    );
    if (!searchable.includes(true) && !change.remove.some((rel) => rel.endsWith('.html'))) return;
    const before = await filesUnder(path.join(tree, FRESH_DIR));
    const written: string[] = [];
    if (this.changed.size > 0 || this.removed.size > 0) {
      // Every URL touched since the full build is out of date there, whatever it is now.
      const stale = [...this.removed, ...this.changed];
      const pages: Array<{ url: string; content: string }> = [];
      for (const url of this.changed) {
        // Pages only: the feeds and sitemaps a publish rewrites are megabytes at archive scale.
        if (!url.endsWith('/')) continue;
        const rel = outputFile(url);
        const html = await readFile(path.join(change.staging, rel), 'utf8').catch(() => readFile(path.join(tree, rel), 'utf8').catch(() => null));
        // The same document the full index is made of (search-index.ts), marked as fresh.
        const record = html === null ? null : articleRecord(html, url);
        if (record) pages.push({ url, content: indexedDocument(record, FRESH_MARK) });
      }
      // Only takedowns since the full build: nothing to merge, only results to drop.
      if (pages.length > 0) {
        const out = path.join(change.staging, FRESH_DIR);
        await writeIndex(pages, out);
        // The index and its WebAssembly alone: the search page loads it with the shared runtime (pagefind/).
        const files = (await filesUnder(out)).filter((f) =>
          /^(index|fragment|filter)\/|\.pf_meta$|^pagefind-entry\.json$|^wasm\.|^pagefind-worker\.js$/.test(f),
        );
        // The entry names the other files: it goes live after them.
        written.push(...files.filter((f) => f !== ENTRY), ...files.filter((f) => f === ENTRY));
      }
      await mkdir(path.join(change.staging, FRESH_DIR), { recursive: true });
      await writeFile(path.join(change.staging, FRESH_DIR, CHANGES), JSON.stringify({ stale, index: pages.length > 0 }));
      written.push(CHANGES);
      const hidden = await hideFromSearch(tree, change.staging, stale);
      change.write.push(...hidden.rewritten);
      change.remove.push(...hidden.removed);
    }
    change.write.push(...written.map((f) => `${FRESH_DIR}/${f}`));
    const kept = new Set(written);
    change.remove.push(...before.filter((f) => !kept.has(f)).map((f) => `${FRESH_DIR}/${f}`));
  }
}

/** The files under `dir` (relative), compressed twins left out. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !/\.(br|gz)$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * Pagefind indexes in a service process it starts on first use and keeps: at the CPU priority of
 * the publisher's process, which serves the readers. Indexing every page published since the
 * full build at each publish took up to a second of CPU at 200,000 articles, taken from readers;
 * the service is lowered to the render host's priority once it runs.
 */
const SEARCH_NICENESS = 10;
const lowered = new Set<number>();

function lowerSearchService(): void {
  for (const pid of childrenNamed('pagefind')) {
    if (!lowered.has(pid) && lowerPriority(pid, SEARCH_NICENESS)) lowered.add(pid);
  }
}

async function writeIndex(pages: ReadonlyArray<{ url: string; content: string }>, out: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE });
  if (!index) throw new Error(`fresh search index: ${errors.join('; ')}`);
  lowerSearchService();
  try {
    for (const page of pages) {
      const added = await index.addHTMLFile(page);
      if (added.errors.length > 0) throw new Error(`fresh search index, ${page.url}: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: out });
    if (written.errors.length > 0) throw new Error(`fresh search index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
  }
}

/** Stops Pagefind's indexing service (the publisher is closing). */
export const closeFreshSearch = () => pagefind.close();
