import { z } from 'zod';
import { category, verifyPreview } from '@tintinh/content-types';
import { siteClient } from './content/load.ts';
import { siteArticle, type SiteArticle } from './content/schema.ts';
import { siteConfig } from './site-config.ts';

/** A draft may still lack its category or dateline; the preview shows what there is. */
const draftArticle = siteArticle.extend({ category: category.linkSchema.nullable().optional(), slug: z.string().nullable().optional() });

export type PreviewResult = { kind: 'ok'; article: SiteArticle } | { kind: 'refused' } | { kind: 'missing' };

/** Checks the signed link here too, then asks the CMS for the draft with the same signature. */
export async function loadPreviewArticle(documentId: string | undefined, query: URLSearchParams): Promise<PreviewResult> {
  const exp = query.get('exp');
  const sig = query.get('sig');
  if (!documentId || !verifyPreview(documentId, exp, sig, siteConfig().previewSecret)) return { kind: 'refused' };
  const client = siteClient();
  const url = new URL(`/api/preview/articles/${encodeURIComponent(documentId)}`, client.url('x').origin);
  url.searchParams.set('exp', exp!);
  url.searchParams.set('sig', sig!);
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  if (res.status === 403) return { kind: 'refused' };
  if (!res.ok) return { kind: 'missing' };
  const draft = draftArticle.parse(((await res.json()) as { data: unknown }).data);
  const cat = draft.category ?? {
    id: 0,
    documentId: '',
    name: '(chưa chọn chuyên mục)',
    slug: 'chua-chon',
    menuOrder: 0,
    description: null,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
  };
  const date = new Date(draft.datePublished ?? draft.updatedAt);
  return {
    kind: 'ok',
    article: { ...draft, slug: draft.slug ?? '', category: cat, date, url: `/preview/${documentId}/` },
  };
}
