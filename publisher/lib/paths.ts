/** Where the publisher finds the site it builds: the workspace's site/ package, beside it. */
import path from 'node:path';

export const siteRoot = path.resolve(import.meta.dirname, '..', '..', 'site');
