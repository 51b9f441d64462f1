/**
 * Build-time settings, read once. The token stays server-side: it is only used while building,
 * never written into a page.
 */
export interface SiteConfig {
  /** Where the CMS answers during the build (STRAPI_URL). */
  strapiUrl: URL;
  /** Public origin of the CMS for image URLs (STRAPI_PUBLIC_URL, defaults to STRAPI_URL). */
  mediaOrigin: URL;
  /** The read-only site token (STRAPI_TOKEN). */
  token: string;
  /** The site's canonical origin (SITE_URL). */
  siteUrl: URL;
  siteName: string;
  /**
   * How many of the newest articles the search index holds in full text; older ones are found by
   * title and lead. Pagefind needs ~100 KB of memory per full-text page (measured: 2.1 GB for
   * 20,000), so an archive of 200,000 cannot be indexed whole on a 24 GB machine.
   */
  searchFullTextNewest: number;
  /**
   * Whether the archive is read a page ahead (SITE_READ_AHEAD, default on). The publisher turns it
   * off for its background builds: the CMS then prepares a page only when the build, at low
   * priority, has taken the last one, so it slows down with the build instead of taking a core
   * at full priority beside the readers' server.
   */
  readAhead: boolean;
}

function parseUrl(name: string, value: string | undefined, fallback?: string): URL {
  const raw = value || fallback;
  if (!raw) throw new Error(`${name} is not set`);
  try {
    return new URL(raw);
  } catch {
    throw new Error(`${name} is not a valid URL: ${raw}`);
  }
}

let cached: SiteConfig | undefined;

export function siteConfig(): SiteConfig {
  if (cached) return cached;
  const env = process.env;
  const strapiUrl = parseUrl('STRAPI_URL', env.STRAPI_URL, 'http://127.0.0.1:1337');
  const token = env.STRAPI_TOKEN ?? '';
  if (!token) throw new Error('STRAPI_TOKEN is not set (the CMS writes it to site/.env at first start)');
  cached = {
    strapiUrl,
    mediaOrigin: parseUrl('STRAPI_PUBLIC_URL', env.STRAPI_PUBLIC_URL, strapiUrl.href),
    token,
    siteUrl: parseUrl('SITE_URL', env.SITE_URL, 'http://localhost:4321'),
    siteName: env.SITE_NAME || 'Tin Tỉnh Bạc Liêu',
    searchFullTextNewest: /^\d+$/.test(env.SEARCH_FULLTEXT_NEWEST ?? '') ? Number(env.SEARCH_FULLTEXT_NEWEST) : 10_000,
    readAhead: env.SITE_READ_AHEAD !== '0',
  };
  return cached;
}
