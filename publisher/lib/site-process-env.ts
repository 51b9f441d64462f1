/**
 * The environment the site's own processes run with (the Astro build, the render host, the search
 * indexer, and the helpers that read a build: its fragment map, its links to the live tree): the
 * system's basics, Node's and Astro's settings and the site's variables, never the rest of the
 * caller's environment. The publisher runs as a service whose environment holds its
 * control and purge secrets and the edges' SSH key; the site's code and its many dependencies have
 * no use for them, so they never see them. An allowlist: a variable added to the service later is
 * kept out until someone decides the site needs it.
 */
const PASSED = [
  /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|TZ|TMPDIR|TERM|NO_COLOR|FORCE_COLOR|CI)$/,
  /^LC_[A-Z]+$/,
  // Node's own settings (NODE_ENV, NODE_OPTIONS, NODE_COMPILE_CACHE, NODE_EXTRA_CA_CERTS…) and Astro's.
  /^(NODE|ASTRO)_[A-Z0-9_]+$/,
  // The site's settings (site/src/lib/site-config.ts) and the build's knobs (READERS_*).
  /^(SITE|READERS)_[A-Z0-9_]+$/,
  /^(STRAPI_URL|STRAPI_PUBLIC_URL|STRAPI_TOKEN|PREVIEW_SECRET)$/,
];

/** What of `inherited` a site process may see, with `own` (the caller's settings for it) on top. */
export function siteProcessEnv(inherited: NodeJS.ProcessEnv, own: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const passed = Object.entries(inherited).filter(([name]) => PASSED.some((rule) => rule.test(name)));
  return { ...Object.fromEntries(passed), ...own };
}
