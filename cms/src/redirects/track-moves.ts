import type { Core, UID } from '@strapi/strapi';
import { articlePath, categoryPath } from '@tintinh/content-types';
import { recordRedirect } from './redirect-store';

type Data = Record<string, unknown>;

async function publishedArticlePath(strapi: Core.Strapi, documentId: string): Promise<string | null> {
  const a = (await strapi
    .documents('api::article.article' as UID.ContentType)
    .findOne({ documentId, status: 'published', populate: ['category'] } as never)) as Data | null;
  const category = a?.category as Data | undefined;
  return a?.slug && category?.slug ? articlePath(String(category.slug), String(a.slug)) : null;
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
    const find = async () =>
      ((await strapi.documents('api::category.category' as UID.ContentType).findOne({ documentId, fields: ['slug'] } as never)) as Data | null)?.slug;
    const before = await find();
    const result = await run();
    const after = await find();
    if (before && after && before !== after) await recordRedirect(strapi, categoryPath(String(before)), 'category', documentId, categoryPath(String(after)));
    return result;
  }
  return run();
}
