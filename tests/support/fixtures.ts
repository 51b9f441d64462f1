import { requestJson } from './http.ts';

type Entry = { documentId: string; [k: string]: unknown };

/** Writes content like an editor would: through the admin's content-manager API. */
export class Newsroom {
  constructor(
    private readonly cmsUrl: string,
    private readonly adminJwt: string,
  ) {}

  private url(uid: string, suffix = '') {
    return `${this.cmsUrl}/content-manager/collection-types/${uid}${suffix}`;
  }

  async categoryId(slug: string): Promise<string> {
    const res = await requestJson<{ results: Entry[] }>(this.url('api::category.category', `?filters[slug][$eq]=${slug}`), { token: this.adminJwt });
    const found = res.body.results[0];
    if (!found) throw new Error(`no category ${slug}`);
    return found.documentId;
  }

  async tagId(slug: string): Promise<string> {
    const res = await requestJson<{ results: Entry[] }>(`${this.cmsUrl}/content-manager/collection-types/api::tag.tag?filters[slug][$eq]=${slug}`, {
      token: this.adminJwt,
    });
    const found = res.body.results[0];
    if (!found) throw new Error(`no tag ${slug}`);
    return found.documentId;
  }

  async createArticle(data: Record<string, unknown>, opts: { categorySlug: string; publish: boolean }): Promise<Entry> {
    const category = await this.categoryId(opts.categorySlug);
    const created = await requestJson<{ data: Entry; error?: unknown }>(this.url('api::article.article'), {
      method: 'POST',
      token: this.adminJwt,
      json: { ...data, category: { connect: [{ documentId: category }] } },
    });
    if (created.status !== 201) throw new Error(`create article failed: ${created.status} ${JSON.stringify(created.body)}`);
    if (opts.publish) await this.publish('api::article.article', created.body.data.documentId);
    return created.body.data;
  }

  /** Saves the draft, as the edit view's Save does. */
  async update(uid: string, documentId: string, data: Record<string, unknown>): Promise<Entry> {
    const res = await requestJson<{ data: Entry }>(this.url(uid, `/${documentId}`), { method: 'PUT', token: this.adminJwt, json: data });
    if (res.status !== 200) throw new Error(`update failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async publish(uid: string, documentId: string): Promise<void> {
    const res = await requestJson(this.url(uid, `/${documentId}/actions/publish`), { method: 'POST', token: this.adminJwt, json: {} });
    if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Answers the comment's documentId (an incremental publish names the comment it applies). */
  async createComment(articleDocumentId: string, authorName: string, body: string, moderationStatus: 'pending' | 'approved'): Promise<string> {
    const res = await requestJson<{ data: Entry }>(this.url('api::comment.comment'), {
      method: 'POST',
      token: this.adminJwt,
      json: { authorName, body, moderationStatus, article: { connect: [{ documentId: articleDocumentId }] } },
    });
    if (res.status !== 201) throw new Error(`create comment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.documentId;
  }
}
