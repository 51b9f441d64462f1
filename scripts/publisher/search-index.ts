/**
 * The full build's search index, made from the search documents the build writes once it has
 * read the CMS (site/src/lib/search-document.ts) rather than from the rendered pages: it runs
 * while Astro renders them, and Pagefind parses a few hundred bytes per article instead of a
 * whole page. Runs in a child process (search-index-process.ts); the fresh index between full
 * builds still reads rendered pages (fresh-search.ts), and a test checks both give the same entry.
 */
import * as pagefind from 'pagefind';
import { readNdjson } from '../../site/src/lib/ndjson.ts';
import { searchDocumentLine } from '../../site/src/lib/search-document.ts';

/** Documents in flight to Pagefind's service at once: enough to keep it busy, not the archive. */
const IN_FLIGHT = 64;

/** Indexes every document of `documentsFile` and writes the Pagefind bundle to `outputPath`. */
export async function indexSearchDocuments(documentsFile: string, outputPath: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`search index: ${errors.join('; ')}`);
  let count = 0;
  try {
    // Failures are kept, not thrown, until the batch is awaited: a rejection nobody awaits yet
    // would end the process as unhandled.
    let failure: Error | null = null;
    const add = (doc: { url: string; html: string }) =>
      index.addHTMLFile({ url: doc.url, content: doc.html }).then(
        (added) => {
          if (added.errors.length > 0) failure ??= new Error(`search index, ${doc.url}: ${added.errors.join('; ')}`);
        },
        (err: unknown) => {
          failure ??= err instanceof Error ? err : new Error(String(err));
        },
      );
    let batch: Array<Promise<void>> = [];
    const settle = async () => {
      await Promise.all(batch);
      batch = [];
      if (failure) throw failure;
    };
    for await (const line of readNdjson(documentsFile)) {
      batch.push(add(searchDocumentLine.parse(line)));
      count++;
      if (batch.length === IN_FLIGHT) await settle();
    }
    await settle();
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`search index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
  return count;
}
