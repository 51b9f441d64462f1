import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::poll.poll', { allow: { paths: [...ENTRY_PATHS, 'publishedAt', 'showInSidebar'] }, populate: { options: true } });
