export default {
  routes: [
    { method: 'GET', path: '/redirects', handler: 'api::article.article.redirects' },
    // Gated by the link's signature, not by a role: the preview page calls it server-side.
    { method: 'GET', path: '/preview/articles/:documentId', handler: 'api::article.article.preview', config: { auth: false } },
  ],
};
