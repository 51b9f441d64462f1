import { guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::category.category');
