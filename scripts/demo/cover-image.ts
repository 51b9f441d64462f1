import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const palettes = [
  ['#0b5394', '#6fa8dc'],
  ['#a61c00', '#f6b26b'],
  ['#38761d', '#b6d7a8'],
  ['#741b47', '#d5a6bd'],
  ['#134f5c', '#76a5af'],
  ['#7f6000', '#ffd966'],
  ['#20124d', '#8e7cc3'],
  ['#660000', '#e06666'],
];

/** How many covers differ in colour. */
export const COVER_PALETTES = palettes.length;

/**
 * A 1600×1000 photo-like JPEG (sky, horizon, river, a sun) coloured by `seed`: enough detail for
 * Strapi to derive its responsive formats, no text so no font is needed.
 */
export async function coverJpeg(seed: number): Promise<Buffer> {
  const [dark, light] = palettes[seed % palettes.length]!;
  const sunX = 200 + ((seed * 137) % 1200);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#sky)"/>
    <circle cx="${sunX}" cy="260" r="110" fill="#fff3c4" opacity="0.9"/>
    <path d="M0 620 Q 400 ${520 + (seed % 80)} 800 600 T 1600 580 V 1000 H 0 Z" fill="${dark}"/>
    <path d="M0 800 Q 500 760 900 820 T 1600 790 V 1000 H 0 Z" fill="#ffffff" opacity="0.25"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** Writes the image to a temporary file (Strapi's upload service takes files from disk). */
export async function withTempFile<T>(name: string, data: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tintinh-cover-'));
  const file = path.join(dir, name);
  try {
    await writeFile(file, data);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
