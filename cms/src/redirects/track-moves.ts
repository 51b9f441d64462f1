import type { Core } from '@strapi/strapi';
import { articlePath, categoryPath } from '@tintinh/content-types';
import { recordRedirect } from './redirect-store';

async function publishedArticlePath(strapi: Core.Strapi, documentId: string): Promise<string | null> {
  const a = await strapi.documents('api::article.article').findOne({ documentId, status: 'published', populate: ['category'] });
  return a?.slug && a.category?.slug ? articlePath(a.category.slug, a.slug) : null;
}

/**
 * Wraps a Document Service call: notes the public path before it and after it, and records a
 * redirect when a published article or a category moved.
 */
export async function trackMoves<T>(strapi: Core.Strapi, uid: string, action: string, documentId: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!documentId) return run();
  if (uid === 'api::article.article' && action === 'publish') {
    const before = await publishedArticlePath(strapi, documentId);
    const result = await run();
    const after = await publishedArticlePath(strapi, documentId);
    if (before && after && before !== after) await recordRedirect(strapi, before, 'article', documentId, after);
    return result;
  }
  if (uid === 'api::category.category' && action === 'update') {
    const find = async () => (await strapi.documents('api::category.category').findOne({ documentId, fields: ['slug'] }))?.slug;
    const before = await find();
    const result = await run();
    const after = await find();
    if (before && after && before !== after) await recordRedirect(strapi, categoryPath(before), 'category', documentId, categoryPath(after));
    return result;
  }
  return run();
}
