// Reader routes of the most-read box: public by route config. The beacon comes from the site only
// and has its own per-address budget (checked in the controller), apart from votes and comments.
import { READER_READ_ROUTE } from '../../../public-api';

export default {
  routes: [
    {
      method: 'POST',
      path: '/reads/:documentId',
      handler: 'api::reads.reads.view',
      config: { auth: false, middlewares: ['global::public-write-origin'] },
    },
    {
      method: 'GET',
      path: '/reads/top',
      handler: 'api::reads.reads.top',
      config: READER_READ_ROUTE,
    },
  ],
};
