import { guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::weather-note.weather-note');
