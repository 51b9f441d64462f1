import type { Core } from '@strapi/strapi';

export type SubmitOutcome = { kind: 'stored' } | { kind: 'article-not-found' };

/** Stores a reader's comment as pending; only published articles take comments. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async submit(input: { articleDocumentId: string; authorName: string; body: string; ipHash: string }): Promise<SubmitOutcome> {
    const article = await strapi
      .documents('api::article.article')
      .findOne({ documentId: input.articleDocumentId, status: 'published', fields: ['documentId'] });
    if (!article) return { kind: 'article-not-found' };
    await strapi.documents('api::comment.comment').create({
      data: {
        authorName: input.authorName,
        body: input.body,
        moderationStatus: 'pending',
        ipHash: input.ipHash,
        article: input.articleDocumentId,
      },
    });
    return { kind: 'stored' };
  },
});
