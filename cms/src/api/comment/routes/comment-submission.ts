export default {
  routes: [
    {
      method: 'POST',
      path: '/articles/:documentId/comments',
      handler: 'api::comment.comment.submit',
      config: { middlewares: ['global::public-write-origin', 'global::public-write-limit'] },
    },
  ],
};
