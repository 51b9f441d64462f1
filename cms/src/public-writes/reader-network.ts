/**
 * The network a reader's address stands for, as limits and counts key on it: an IPv4 address as
 * it is, an IPv6 address by its /64. One home or phone gets a whole /64 from its provider, so
 * keying on the full IPv6 address would give one client 2^64 identities.
 */
import ipaddr from 'ipaddr.js';

export function readerNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is the IPv4 reader it carries.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
