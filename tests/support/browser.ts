import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const outputDir = path.resolve(import.meta.dirname, '..', 'output');

/** Debian's Chromium, headless, with the flags this offline machine needs. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(outputDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
