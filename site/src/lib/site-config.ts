/**
 * The site's settings, read from the environment once, in one place: the CMS it reads, the
 * public origins, and the build's own variables the publisher sets for each build (BUILD_ENV,
 * imported by the publisher so the names are written once). The token stays server-side: it is
 * only used while building, never written into a page.
 */
import { z } from 'zod';

/** The variables a runner (the publisher) sets for one build or render host. */
export const BUILD_ENV = {
  /** Where the build writes its output (default ./dist). */
  outDir: 'SITE_OUT_DIR',
  /** Where a build that cannot read its content writes the one-line reason. */
  failureFile: 'SITE_FAILURE_FILE',
  /** In a render host: the content snapshot of the build it serves (content/snapshot.ts). */
  contentSnapshot: 'SITE_CONTENT_SNAPSHOT',
  /** In a render host: the secret its internal routes answer to (internal-request.ts). */
  renderSecret: 'RENDER_SECRET',
} as const;

export interface SiteConfig {
  /** Where the CMS answers during the build (STRAPI_URL). */
  strapiUrl: URL;
  /** Public origin of the CMS for image URLs (STRAPI_PUBLIC_URL, defaults to STRAPI_URL). */
  mediaOrigin: URL;
  /** The read-only site token (STRAPI_TOKEN); empty when unset, which only a CMS read rejects. */
  token: string;
  /** The site's canonical origin (SITE_URL). */
  siteUrl: URL;
  siteName: string;
  /**
   * Whether the archive is read a page ahead (SITE_READ_AHEAD, default on). The publisher turns it
   * off for its background builds: the CMS then prepares a page only when the build, at low
   * priority, has taken the last one, so it slows down with the build instead of taking a core
   * at full priority beside the readers' server.
   */
  readAhead: boolean;
  /** BUILD_ENV.outDir, or null: a build by hand (astro build) writes to ./dist and keeps no snapshot. */
  outDir: string | null;
  /** BUILD_ENV.failureFile, or null. */
  failureFile: string | null;
  /** BUILD_ENV.contentSnapshot, or null outside a render host. */
  contentSnapshot: string | null;
  /** BUILD_ENV.renderSecret; empty outside a render host, where no internal route answers. */
  renderSecret: string;
  /** The secret preview links are signed with (PREVIEW_SECRET, shared with the CMS); empty: no preview. */
  previewSecret: string;
}

/** A URL variable, named in the error when it is not one. */
const url = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = value || fallback;
      try {
        return new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} is not a valid URL: ${raw}` });
        return z.NEVER;
      }
    });

const optionalPath = z
  .string()
  .optional()
  .transform((value) => value || null);

const environment = z.object({
  STRAPI_URL: url('STRAPI_URL', 'http://127.0.0.1:1337'),
  STRAPI_PUBLIC_URL: z.string().optional(),
  STRAPI_TOKEN: z.string().default(''),
  SITE_URL: url('SITE_URL', 'http://localhost:4321'),
  SITE_NAME: z.string().optional(),
  SITE_READ_AHEAD: z.string().optional(),
  [BUILD_ENV.outDir]: optionalPath,
  [BUILD_ENV.failureFile]: optionalPath,
  [BUILD_ENV.contentSnapshot]: optionalPath,
  [BUILD_ENV.renderSecret]: z.string().default(''),
  PREVIEW_SECRET: z.string().default(''),
});

let cached: SiteConfig | undefined;

/** The settings from `env` (the process's environment unless given), checked; cached for the process. */
export function siteConfig(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  if (cached && env === process.env) return cached;
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new Error(`site settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const e = parsed.data;
  const config: SiteConfig = {
    strapiUrl: e.STRAPI_URL,
    mediaOrigin: url('STRAPI_PUBLIC_URL', e.STRAPI_URL.href).parse(e.STRAPI_PUBLIC_URL),
    token: e.STRAPI_TOKEN,
    siteUrl: e.SITE_URL,
    siteName: e.SITE_NAME || 'Tin Tỉnh Bạc Liêu',
    readAhead: e.SITE_READ_AHEAD !== '0',
    outDir: e[BUILD_ENV.outDir],
    failureFile: e[BUILD_ENV.failureFile],
    contentSnapshot: e[BUILD_ENV.contentSnapshot],
    renderSecret: e[BUILD_ENV.renderSecret],
    previewSecret: e.PREVIEW_SECRET,
  };
  if (env === process.env) cached = config;
  return config;
}
