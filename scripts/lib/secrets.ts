import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

const random = (bytes = 32) => randomBytes(bytes).toString('base64');

/** Every secret Strapi needs, freshly generated: nothing in git, nothing defaulted. */
export function generateStrapiSecrets(): Record<string, string> {
  return {
    APP_KEYS: [random(), random(), random(), random()].join(','),
    API_TOKEN_SALT: random(),
    ADMIN_JWT_SECRET: random(),
    TRANSFER_TOKEN_SALT: random(),
    JWT_SECRET: random(),
    ENCRYPTION_KEY: random(),
    // Salts the reader IP hashes kept with comments and votes.
    IP_HASH_SALT: random(),
    // Shared by the CMS webhook and the publisher it calls on loopback.
    PUBLISHER_SECRET: random(),
    // Signs draft-preview links (CMS) and checks them (site preview pages).
    PREVIEW_SECRET: random(),
  };
}

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/**
 * Makes sure `file` holds every generated secret plus `defaults`, keeping whatever is already
 * there (an operator's edits and previously generated keys survive). Returns the merged values.
 */
export async function ensureEnvFile(file: string, defaults: Record<string, string>): Promise<Record<string, string>> {
  const existing = parseEnvFile(await readFile(file, 'utf8').catch(() => ''));
  const merged = { ...generateStrapiSecrets(), ...defaults, ...existing };
  const missing = Object.keys(merged).filter((k) => !(k in existing));
  if (missing.length > 0) {
    const text = `${Object.entries(merged)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`;
    await writeFile(file, text, { mode: 0o600 });
  }
  return merged;
}
