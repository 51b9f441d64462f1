// Public writes come from the site only, then pass the per-IP rate limit before their controller.
export default {
  routes: [
    {
      method: 'POST',
      path: '/polls/:documentId/vote',
      handler: 'api::poll.poll.vote',
      config: { middlewares: ['global::public-write-origin', 'global::public-write-limit'] },
    },
    {
      method: 'GET',
      path: '/polls/:documentId/results',
      handler: 'api::poll.poll.results',
    },
  ],
};
