/**
 * An article page as the site writes it (site/src/components/ArticleMain.astro), reduced to what
 * the search indexer reads: the article element with its title, dateline, filters and text. For
 * unit tests of the indexer that need no Astro build.
 */
export interface ArticlePageFields {
  title: string;
  /** ISO time with the +07:00 offset, as the page's `<time datetime>`. */
  published: string;
  body: string;
  category?: string;
}

export function articlePage({ title, published, body, category = 'Xã hội' }: ArticlePageFields): string {
  return `<!DOCTYPE html><html lang="vi"><head><title>${title}</title></head><body><header><a href="/">Tin Tỉnh</a></header><article class="article" data-search-body><p class="category-header"><a href="/xa-hoi/">${category}</a></p><h1 class="article-title">${title}</h1><p class="dateline"><time datetime="${published}">${published}</time></p><div class="article-body"><p>${body}</p></div></article><aside>Đọc nhiều</aside></body></html>`;
}
