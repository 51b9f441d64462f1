/**
 * Compresses a full build's article pages while Astro is still writing them, on the core its
 * render leaves free, at a low priority. A page is taken once its file is there and not empty; one
 * read while it was being written gets twins of a partial page, so every twin made here is
 * recorded with the hash of what it was made from, and the pass after the build
 * (precompress-process.ts) keeps only those whose file still hashes the same.
 *
 * Usage: node precompress-follow.ts <search documents file> <build folder> <stop file> <made-from file>
 *   Stops when the stop file exists (Astro has finished) and writes file → hash, as JSON.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { readNdjson } from '../../site/src/lib/ndjson.ts';
import { searchDocumentLine } from '../../site/src/lib/search-document.ts';
import { outputFile } from '../../site/src/lib/urls.ts';
import { compressFileSync } from './precompress.ts';

const [documentsFile, buildDir, stopFile, madeFromFile] = process.argv.slice(2);
if (!documentsFile || !buildDir || !stopFile || !madeFromFile) {
  console.error('usage: precompress-follow.ts <search documents file> <build folder> <stop file> <made-from file>');
  process.exit(2);
}
try {
  setPriority(10);
} catch {
  // not permitted here: run at normal priority
}

// The article pages the build will write: one per search document.
const pending = new Set<string>();
for await (const line of readNdjson(documentsFile)) pending.add(path.join(buildDir, outputFile(searchDocumentLine.parse(line).url)));

const madeFrom: Record<string, string> = {};
const astroDone = () => existsSync(stopFile);
// Until every page is done or Astro has finished: the pass after the build does the rest.
while (pending.size > 0 && !astroDone()) {
  let progressed = 0;
  for (const file of pending) {
    if (!statSync(file, { throwIfNoEntry: false })?.size) continue;
    const made = compressFileSync(file);
    if (made) madeFrom[file] = made;
    pending.delete(file);
    if (++progressed % 100 === 0 && astroDone()) break;
  }
  if (progressed === 0) await new Promise((r) => setTimeout(r, 250));
}
writeFileSync(madeFromFile, JSON.stringify(madeFrom));
console.log(`[site] compressed ${Object.keys(madeFrom).length} article pages while they were written`);
