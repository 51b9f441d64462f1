// Reader routes: public by route config; a vote comes from the site only, then passes the
// per-IP rate limit before its controller.
import { READER_READ_ROUTE, READER_WRITE_ROUTE } from '../../../public-api';

export default {
  routes: [
    {
      method: 'POST',
      path: '/polls/:documentId/vote',
      handler: 'api::poll.poll.vote',
      config: READER_WRITE_ROUTE,
    },
    {
      method: 'GET',
      path: '/polls/:documentId/results',
      handler: 'api::poll.poll.results',
      config: READER_READ_ROUTE,
    },
  ],
};
