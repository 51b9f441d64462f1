import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::category.category', { allow: { paths: [...ENTRY_PATHS, 'slug', 'name', 'menuOrder'] } });
