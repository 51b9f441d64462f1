/**
 * The security headers every page of the static site is served with. The pages keep no inline
 * script or style (astro.config.mjs inlines nothing), so the policy allows code from the site
 * only; the CMS origin is where images live and where votes and comments are posted.
 */
export function siteSecurityHeaders(cmsOrigin: string): Record<string, string> {
  const cms = ` ${new URL(cmsOrigin).origin}`;
  const csp = [
    "default-src 'self'",
    // Pagefind compiles its WebAssembly search core in the browser.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `img-src 'self' data:${cms}`,
    `connect-src 'self'${cms}`,
    `form-action 'self'${cms}`,
    // The sidebar frames the site's own most-read page; nobody else may frame the site.
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
