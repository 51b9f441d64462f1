import type { APIRoute } from 'astro';
import { siteData } from '../lib/content/load.ts';
import { fileResponse } from '../lib/site-files.ts';
import { MOVED_PATHS_FILE } from '../lib/urls.ts';

/** Old path → new path, for the static server's 301s. */
export const GET: APIRoute = async () => fileResponse({ kind: 'moved-paths', path: MOVED_PATHS_FILE }, await siteData());
