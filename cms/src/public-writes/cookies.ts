/**
 * The one cookie the CMS gives readers: a random voter token, signed, set when a vote is accepted
 * (so a reader votes once per poll whatever their address). Sent with every reader route under
 * /api/, so the most-read beacon can tell apart readers who share one address.
 */
export const VOTER_COOKIE = 'tt_voter';
export const VOTER_COOKIE_PATH = '/api/';
