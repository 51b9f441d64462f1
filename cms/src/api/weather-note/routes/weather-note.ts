import { ENTRY_PATHS, guardedCoreRouter } from '../../../routers';

export default guardedCoreRouter('api::weather-note.weather-note', { allow: { paths: [...ENTRY_PATHS, 'region', 'issuedAt', 'validUntil'] } });
