import { guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::poll.poll', { populate: { options: true } });
