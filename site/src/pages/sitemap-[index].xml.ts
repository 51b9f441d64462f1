import type { APIRoute, GetStaticPaths } from 'astro';
import { siteData } from '../lib/content.ts';
import { fileRoutes } from '../lib/routes.ts';
import { fileResponse } from '../lib/site-files.ts';

export const getStaticPaths = (async () =>
  fileRoutes(await siteData()).flatMap((route) =>
    route.kind === 'sitemap' ? [{ params: { index: String(route.index) }, props: { route } }] : [],
  )) satisfies GetStaticPaths;

export const GET: APIRoute<{ route: Parameters<typeof fileResponse>[0] }> = async ({ props }) => fileResponse(props.route, await siteData());
