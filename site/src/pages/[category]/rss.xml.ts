import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../../lib/content.ts';
import { feedResponse } from '../../lib/feed.ts';
import { siteConfig } from '../../lib/site-config.ts';

export const getStaticPaths = (async () => {
  const { categories } = await siteData();
  return categories.map((c) => ({ params: { category: c.slug }, props: { slug: c.slug } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ slug: string }> = async ({ props }) => {
  const { categories, articlesByCategory } = await siteData();
  const category = categories.find((c) => c.slug === props.slug)!;
  return feedResponse({
    title: `${category.name} - ${siteConfig().siteName}`,
    description: category.description ?? category.name,
    path: `/${category.slug}/rss.xml`,
    articles: articlesByCategory.get(category.slug) ?? [],
  });
};
