export default {
  routes: [{ method: 'GET', path: '/redirects', handler: 'api::article.article.redirects' }],
};
