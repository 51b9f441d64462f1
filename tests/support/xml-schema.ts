/**
 * XML Schema validation with libxml2 (xmllint compiled to WebAssembly: no system package, no
 * network). The schemas are the published ones, kept in tests/support/xsd/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const XSD_DIR = path.join(import.meta.dirname, 'xsd');

const xsd = async (fileName: string) => ({ fileName, contents: await readFile(path.join(XSD_DIR, fileName), 'utf8') });

/** The schema errors of a Google News sitemap ([] when valid). */
export async function newsSitemapErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'news-sitemap.xml', contents: xml }],
    schema: [await xsd('check-news-sitemap.xsd')],
    preload: [await xsd('sitemap.xsd'), await xsd('sitemap-news.xsd')],
  });
  return result.errors.map((e) => e.rawMessage);
}
