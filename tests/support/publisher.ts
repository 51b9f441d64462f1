/**
 * A test CMS wired to a real publisher, as `npm start` wires them: the CMS's webhook points at
 * the publisher's control port with a shared secret, its links at the publisher's static site.
 */
import { randomBytes } from 'node:crypto';
import { freePort } from '../../publisher/lib/ports.ts';
import { startPublisher, type Publisher } from '../../publisher/publisher.ts';
import { SITE_URL } from './site-build.ts';
import type { TestCms } from './test-cms.ts';

export interface PublisherWiring {
  controlPort: number;
  sitePort: number;
  secret: string;
  /** The CMS environment for this wiring (pass to startTestCms). */
  cmsEnv: NodeJS.ProcessEnv;
}

export async function publisherWiring(): Promise<PublisherWiring> {
  const controlPort = await freePort();
  const sitePort = await freePort();
  const secret = randomBytes(24).toString('hex');
  return {
    controlPort,
    sitePort,
    secret,
    cmsEnv: { PUBLISHER_URL: `http://127.0.0.1:${controlPort}/_hooks/rebuild`, PUBLISHER_SECRET: secret, SITE_URL: `http://127.0.0.1:${sitePort}` },
  };
}

/** Starts the publisher for `cms` on `wiring`'s ports. */
export function startPublisherFor(
  cms: TestCms,
  wiring: PublisherWiring,
  opts: Pick<Parameters<typeof startPublisher>[0], 'workDir' | 'consolidation' | 'log' | 'edges' | 'caches' | 'localReload' | 'nginxStatus'> & {
    /** More environment for the publisher's builds. */
    buildEnv?: NodeJS.ProcessEnv;
  },
): Promise<Publisher> {
  const { buildEnv, ...publisherOpts } = opts;
  return startPublisher({
    ...publisherOpts,
    env: { ...buildEnv, STRAPI_URL: cms.url, STRAPI_TOKEN: cms.siteToken, SITE_URL, PREVIEW_SECRET: cms.env.PREVIEW_SECRET },
    secret: wiring.secret,
    sitePort: wiring.sitePort,
    controlPort: wiring.controlPort,
  });
}
