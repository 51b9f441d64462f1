/**
 * Search between full builds. The full build's index (search-index.ts) is made by a full build;
 * articles published, corrected or taken down since then are described by a small second index of
 * the same format the search page asks too (`/search-fresh/`, with a result file per article),
 * with `changes.json` listing every URL whose entry in the full index is out of date, and carrying
 * the fresh index's entry (site/src/lib/archive-search/fresh-changes.ts): the search page drops
 * those from the full index's results and keeps the fresh index's. Rewritten whole at every
 * incremental publish (it holds only what changed since the last full build), in place in
 * the live tree like every other file; a full build's tree has an empty change list (the search
 * page preloads it) and no fresh index.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeFreshChanges } from '../site/src/lib/archive-search/fresh-changes.ts';
import { type IndexMeta, META_FILE } from '../site/src/lib/archive-search/layout.ts';
import { CHANGES_NAME, FRESH_DIR } from '../site/src/lib/archive-search/site-paths.ts';
import { indexMeta, writeIndex } from '../site/src/lib/archive-search/write-index.ts';
import { outputFile } from '../site/src/lib/urls.ts';
import { hideFromSearch } from './search-fragments.ts';
import { articleRecord, fragmentFile, hasArticleElement, searchDocument, writeIndexFiles } from './search-index.ts';

export { FRESH_DIR };

/** A change being staged: files written (in the order they go live) and removed (live-tree.ts). */
export interface StagedFiles {
  staging: string;
  write: string[];
  remove: string[];
}

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
    // Every URL touched since the full build is out of date there, whatever it is now.
    const stale = [...this.removed, ...this.changed];
    let meta: IndexMeta | null = null;
    if (stale.length > 0) {
      const pages: Array<ReturnType<typeof searchDocument>> = [];
      for (const url of this.changed) {
        // Pages only: the feeds and sitemaps a publish rewrites are megabytes at archive scale.
        if (!url.endsWith('/')) continue;
        const rel = outputFile(url);
        const html = await readFile(path.join(change.staging, rel), 'utf8').catch(() => readFile(path.join(tree, rel), 'utf8').catch(() => null));
        // The same document the full index is made of (search-index.ts).
        const record = html === null ? null : articleRecord(html, url);
        if (record) pages.push(searchDocument(url, record));
      }
      // Only takedowns since the full build: nothing to merge, only results to drop.
      if (pages.length > 0) {
        const out = path.join(change.staging, FRESH_DIR);
        const index = await writeFreshIndex(pages, out);
        meta = index.meta;
        // The index's entry names the format and size of the rest: it goes live after them.
        written.push(...index.files.filter((f) => f !== META_FILE), META_FILE);
      }
      const hidden = await hideFromSearch(tree, stale);
      change.remove.push(...hidden.removed);
    }
    // Always a change list (the search page preloads it), carrying the fresh index's entry, and
    // live last (fresh-changes.ts).
    await mkdir(path.join(change.staging, FRESH_DIR), { recursive: true });
    await writeFile(path.join(change.staging, FRESH_DIR, CHANGES_NAME), encodeFreshChanges({ stale, meta }));
    written.push(CHANGES_NAME);
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

/** Writes the fresh index of `pages` (numbered oldest first) and their result files into `out`; answers the files written and the index's entry. */
async function writeFreshIndex(pages: ReadonlyArray<ReturnType<typeof searchDocument>>, out: string): Promise<{ files: string[]; meta: IndexMeta }> {
  const ordered = [...pages].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || a.url.localeCompare(b.url));
  const files = writeIndex(ordered.map((p, n) => ({ n, title: p.title, text: p.text, category: p.category })));
  for (const [n, p] of ordered.entries()) files.set(fragmentFile(n), new TextEncoder().encode(JSON.stringify(p)));
  await writeIndexFiles(out, files);
  return { files: [...files.keys()].sort(), meta: indexMeta() };
}
