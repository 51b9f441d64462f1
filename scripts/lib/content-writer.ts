import { slugify } from '@tintinh/content-types';
import { coverJpeg, withTempFile } from '../demo/cover-image.ts';
import type { ArticleText } from './article-text.ts';
import type { StrapiApp } from './strapi-app.ts';

const ARTICLE = 'api::article.article';
const CATEGORY = 'api::category.category';
const TAG = 'api::tag.tag';
const FILE = 'plugin::upload.file';

export interface ArticleInput extends ArticleText {
  slug?: string;
  /** Category and tag names (found or made). */
  category: string;
  tags: string[];
  coverSeed: number;
  publish: boolean;
}

/**
 * Idempotent writes through the Document Service: every helper looks its entry up by a natural
 * key (slug, file name) first, so running an import twice creates nothing new.
 */
export class ContentWriter {
  private readonly categoryIds = new Map<string, string>();
  private readonly tagIds = new Map<string, string>();
  private readonly coverIds = new Map<string, number>();
  private readonly rowIds = new Map<string, number>();
  created = 0;

  private readonly strapi: StrapiApp;

  constructor(strapi: StrapiApp) {
    this.strapi = strapi;
  }

  async category(name: string, menuOrder: number, description: string): Promise<string> {
    const slug = slugify(name);
    const cached = this.categoryIds.get(slug);
    if (cached) return cached;
    const docs = this.strapi.documents(CATEGORY);
    const found = await docs.findFirst({ filters: { slug } });
    const doc = found ?? (await docs.create({ data: { name, slug, menuOrder, description } }));
    if (!found) this.created++;
    this.categoryIds.set(slug, String(doc.documentId));
    return String(doc.documentId);
  }

  async tag(name: string): Promise<string> {
    const slug = slugify(name);
    const cached = this.tagIds.get(slug);
    if (cached) return cached;
    const docs = this.strapi.documents(TAG);
    const found = await docs.findFirst({ filters: { slug } });
    const doc = found ?? (await docs.create({ data: { name, slug } }));
    if (!found) this.created++;
    this.tagIds.set(slug, String(doc.documentId));
    return String(doc.documentId);
  }

  /** The database row of a category (categories have no drafts: one row per document). */
  async categoryRowId(name: string): Promise<number> {
    return this.rowId(CATEGORY, await this.category(name, 0, ''));
  }

  /** The database row of a tag (no drafts either). */
  async tagRowId(name: string): Promise<number> {
    return this.rowId(TAG, await this.tag(name));
  }

  private async rowId(uid: string, documentId: string): Promise<number> {
    const cached = this.rowIds.get(documentId);
    if (cached) return cached;
    const row = await this.strapi.db.query(uid).findOne({ where: { documentId }, select: ['id'] });
    if (!row) throw new Error(`${uid} ${documentId} has no row`);
    this.rowIds.set(documentId, Number(row.id));
    return Number(row.id);
  }

  /** One generated cover per `key`, uploaded once through Strapi (which derives its formats). */
  async cover(key: string, seed: number, caption: string): Promise<number> {
    const name = `tintinh-cover-${key}.jpg`;
    const cached = this.coverIds.get(name);
    if (cached) return cached;
    const existing = await this.strapi.db.query(FILE).findOne({ where: { name }, select: ['id'] });
    if (existing) {
      this.coverIds.set(name, Number(existing.id));
      return Number(existing.id);
    }
    const data = await coverJpeg(seed);
    const [file] = await withTempFile(name, data, (filepath) =>
      this.strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: { fileInfo: { name, alternativeText: caption, caption } },
          files: { filepath, originalFilename: name, mimetype: 'image/jpeg', size: data.length },
        }),
    );
    if (!file) throw new Error(`upload of ${name} returned nothing`);
    this.created++;
    this.coverIds.set(name, Number(file.id));
    return Number(file.id);
  }

  /** Creates the article unless one with its slug exists; publishes it when asked. */
  async article(input: ArticleInput, coverKey: string): Promise<{ documentId: string; created: boolean }> {
    const slug = input.slug ?? slugify(input.title);
    const docs = this.strapi.documents(ARTICLE);
    const found = await docs.findFirst({ filters: { slug }, status: 'draft' });
    if (found) return { documentId: String(found.documentId), created: false };
    const category = await this.category(input.category, 0, '');
    const tags = [];
    for (const t of input.tags) tags.push(await this.tag(t));
    const cover = await this.cover(coverKey, input.coverSeed, input.coverCaption);
    const doc = await docs.create({
      data: {
        title: input.title,
        slug,
        lead: input.lead,
        body: input.body,
        byline: input.byline,
        coverCaption: input.coverCaption,
        cover,
        category,
        tags,
        featured: input.featured,
        datePublished: input.datePublished,
      },
    });
    const documentId = String(doc.documentId);
    if (input.publish) await docs.publish({ documentId });
    this.created++;
    return { documentId, created: true };
  }
}
