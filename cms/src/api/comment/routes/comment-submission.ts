import { READER_WRITE_ROUTE } from '../../../public-api';

export default {
  routes: [
    {
      method: 'POST',
      path: '/articles/:documentId/comments',
      handler: 'api::comment.comment.submit',
      config: READER_WRITE_ROUTE,
    },
  ],
};
