import { guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::tag.tag');
