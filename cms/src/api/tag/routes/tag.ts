import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::tag.tag', { allow: { paths: [...ENTRY_PATHS, 'slug', 'name'] } });
