/**
 * The site's paths: the URL scheme itself lives in content-types (shared with the CMS, which
 * records moved paths); this adds where a path is written inside a build.
 */
import { articlePath } from '@tintinh/content-types';

export {
  articlePath,
  categoryFeedPath,
  categoryPath,
  HOME_PATH,
  listingSitemapPath,
  MOST_READ_PATH,
  MOVED_PATHS_FILE,
  NEWS_SITEMAP_PATH,
  SEARCH_PATH,
  SITE_FEED_PATH,
  SITEMAP_INDEX_PATH,
  sitemapPath,
  tagPath,
} from '@tintinh/content-types';

/** The file a path is written to inside a build directory (relative): `/a/b/` → `a/b/index.html`. */
export const outputFile = (path: string) => (path.endsWith('/') ? `${path}index.html` : path).slice(1);

/**
 * The files of every article page (and of the few other pages at that depth), as a glob inside a
 * build: the search indexer reads only these instead of every page of the archive.
 */
export const ARTICLE_FILES_GLOB = outputFile(articlePath('*', '*'));
