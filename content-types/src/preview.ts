/**
 * Signed draft-preview links: the CMS signs (documentId, expiry) with PREVIEW_SECRET, and both
 * the preview page and the CMS's draft endpoint verify it. A link is valid for a limited time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PREVIEW_TTL_SECONDS = 3600;

const mac = (documentId: string, exp: number, secret: string) => createHmac('sha256', secret).update(`preview:${documentId}:${exp}`).digest('base64url');

export function signPreview(documentId: string, secret: string, now = Date.now()): { exp: number; sig: string } {
  const exp = Math.floor(now / 1000) + PREVIEW_TTL_SECONDS;
  return { exp, sig: mac(documentId, exp, secret) };
}

export function verifyPreview(documentId: string, exp: unknown, sig: unknown, secret: string, now = Date.now()): boolean {
  const expiry = Number(exp);
  if (!secret || typeof sig !== 'string' || !Number.isInteger(expiry)) return false;
  const seconds = Math.floor(now / 1000);
  if (expiry < seconds || expiry > seconds + PREVIEW_TTL_SECONDS) return false;
  const expected = Buffer.from(mac(documentId, expiry, secret));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
