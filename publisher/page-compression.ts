/**
 * Pages compressed when a reader first asks for them, not at build time. Precompressing every page
 * was a brotli twin for each of 23,000 files at 20,000 articles (230,000 at 200,000), written by
 * every full build although most archive pages are never read before the next one replaces them;
 * beside Pagefind it cost a 20,000-article build 13–18 s (2026-11-29, paired). A page is now
 * compressed on its first brotli request (≈0.3 ms for a 20 KB page, on zlib's thread pool, never
 * the event loop) and kept in a cache bounded by its compressed bytes. Entries are keyed by the
 * file's identity (device, inode, size, modification time): the builds and overlays never rewrite a
 * file in place, so a changed page is a new key, and a page hard-linked into a new overlay keeps its
 * entry across the switch. Feeds, sitemaps, the search index and scripts stay precompressed
 * (precompress.ts): few files, fetched by crawlers and feed readers with gzip too.
 */
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { BROTLI_OPTIONS } from './precompress.ts';

const compress = promisify(brotliCompress);

/** 64 MiB of compressed pages: ≈13,000 article pages of ≈5 KB, the publisher's RSS bounded. */
export const PAGE_CACHE_BYTES = 64 * 2 ** 20;

export interface CompressedPage {
  body: Buffer;
  /** The file the body was made from (for ETag and Last-Modified). */
  stats: Stats;
}

export interface PageCompressor {
  /**
   * The brotli bytes of `file`, found by `stats` (from a stat of its path) in the cache, else
   * compressed from the file opened now and described by its own fstat: a page replaced since
   * that stat is answered whole and new, never new bytes under the old page's identity.
   */
  brotli(file: string, stats: Stats): Promise<CompressedPage>;
}

const identity = (stats: Stats) => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;

export function pageCompressor(maxBytes = PAGE_CACHE_BYTES): PageCompressor {
  const cache = new LRUCache<string, CompressedPage>({ maxSize: maxBytes, sizeCalculation: (page) => Math.max(1, page.body.length) });
  // Concurrent first requests for one page share one compression.
  const pending = new Map<string, Promise<CompressedPage>>();
  const compressFile = async (file: string): Promise<CompressedPage> => {
    const handle = await open(file);
    try {
      const stats = await handle.stat();
      const known = cache.get(identity(stats));
      if (known) return known;
      const content = await handle.readFile();
      const page = { body: await compress(content, BROTLI_OPTIONS), stats };
      cache.set(identity(stats), page);
      return page;
    } finally {
      await handle.close();
    }
  };
  return {
    brotli(file, stats) {
      const key = identity(stats);
      const known = cache.get(key) ?? pending.get(key);
      if (known) return Promise.resolve(known);
      const work = compressFile(file).finally(() => pending.delete(key));
      pending.set(key, work);
      return work;
    },
  };
}
