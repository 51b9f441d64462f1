import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../../lib/content/load.ts';
import { fileRoutes } from '../../lib/routes.ts';
import { fileResponse } from '../../lib/site-files.ts';

export const getStaticPaths = (async () =>
  fileRoutes(await siteData()).flatMap((route) =>
    route.kind === 'category-feed' ? [{ params: { category: route.slug }, props: { route } }] : [],
  )) satisfies GetStaticPaths;

export const GET: APIRoute<{ route: Parameters<typeof fileResponse>[0] }> = async ({ props }) => fileResponse(props.route, await siteData());
