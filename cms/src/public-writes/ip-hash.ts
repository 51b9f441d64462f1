import { hash } from 'node:crypto';

/** A salted hash of an address: enough to count per reader, useless to identify one. */
export function hashIp(ip: string): string {
  const salt = process.env.IP_HASH_SALT;
  if (!salt) throw new Error('IP_HASH_SALT is not set');
  return hash('sha256', `${salt}:${ip}`, 'hex');
}

export function hashToken(token: string): string {
  return hash('sha256', `voter:${process.env.IP_HASH_SALT ?? ''}:${token}`, 'hex');
}
