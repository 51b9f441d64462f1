import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cmsRoot = path.join(repoRoot, 'cms');
export const siteRoot = path.join(repoRoot, 'site');
