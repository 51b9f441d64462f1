/**
 * The three validators the site's pages must pass (tests/site/validators.test.ts): html-validate
 * (its recommended rules), the Nu Html Checker (vnu-jar from npm, on the system's Java) and
 * axe-core in Debian's Chromium at a desktop and a mobile width (WCAG 2.1 A and AA, and axe's best
 * practices). Each answers findings that name the page, the validator, the rule, the message and
 * the offending markup, so that a failure says what to fix.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import axe from 'axe-core';
import { HtmlValidate } from 'html-validate';
import type { Browser } from 'playwright-core';
import { z } from 'zod';

/** One page to check: its built file (for the markup validators) and its URL on a server (for axe). */
export interface CheckedPage {
  /** How a finding names the page, e.g. "full build: article /xa-hoi/tin/". */
  label: string;
  file: string;
  url: string;
  /** A selector to wait for before axe runs: what the page's script shows once it is done. */
  waitFor?: string;
}

export interface Finding {
  page: string;
  validator: string;
  rule: string;
  message: string;
  /** The offending markup (or its selector): where to look. */
  where: string;
}

/** One line per finding: what a failing test prints. */
export const describeFinding = (f: Finding): string => `${f.page} · ${f.validator} · ${f.rule}: ${f.message}\n    at ${f.where}`;

/** A short, one-line excerpt of markup. */
const excerpt = (html: string, max = 200): string => {
  const line = html.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

/** html-validate with its recommended rules, as any project adopting it starts. */
export async function htmlValidateFindings(pages: readonly CheckedPage[]): Promise<Finding[]> {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
  const findings: Finding[] = [];
  for (const page of pages) {
    const html = await readFile(page.file, 'utf8');
    const report = await validator.validateString(html, page.file);
    for (const result of report.results) {
      for (const m of result.messages) {
        findings.push({
          page: page.label,
          validator: 'html-validate',
          rule: m.ruleId,
          message: m.message,
          where: `${m.selector ?? `line ${m.line}:${m.column}`}: ${excerpt(html.slice(m.offset, m.offset + Math.max(m.size, 120)))}`,
        });
      }
    }
  }
  return findings;
}

/** The jar inside the vnu-jar package (its postinstall, a Java download, is never run). */
const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

/** What vnu --format json writes; "info" messages (with a subType "warning" or none) are not errors. */
const nuReport = z.object({
  messages: z.array(
    z.object({
      type: z.string(),
      subType: z.string().optional(),
      url: z.string().optional(),
      message: z.string(),
      extract: z.string().optional(),
      lastLine: z.number().optional(),
      lastColumn: z.number().optional(),
    }),
  ),
});

/** The Nu Html Checker over every page in one run: the JVM takes seconds to start. */
export async function nuFindings(pages: readonly CheckedPage[]): Promise<Finding[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', ...pages.map((p) => p.file)],
      { maxBuffer: 64 * 2 ** 20 },
      (err, out, errOut) => (err ? reject(new Error(`vnu failed: ${err.message}\n${errOut}`)) : resolve(out)),
    );
  });
  const byUrl = new Map(pages.map((p) => [pathToFileURL(p.file).href, p.label]));
  return nuReport
    .parse(JSON.parse(stdout))
    .messages.filter((m) => m.type !== 'info')
    .map((m) => ({
      // vnu writes file:/path, Node file:///path.
      page: byUrl.get((m.url ?? '').replace(/^file:\/(?!\/)/, 'file:///')) ?? m.url ?? '(no file)',
      validator: 'Nu Html Checker',
      rule: m.subType ? `${m.type}/${m.subType}` : m.type,
      message: m.message,
      where: `line ${m.lastLine ?? '?'}:${m.lastColumn ?? '?'}: ${excerpt(m.extract ?? '')}`,
    }));
}

/** The widths readers use: a desktop browser and a phone. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, isMobile: false },
  { name: 'mobile', width: 375, height: 812, isMobile: true },
] as const;

/** The WCAG 2.1 A and AA rules and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** axe-core in Chromium over every page at every width. */
export async function axeFindings(browser: Browser, pages: readonly CheckedPage[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const viewport of VIEWPORTS) {
    // The pages' CSP allows no inline script: the injected axe is let through, nothing else changes.
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      isMobile: viewport.isMobile,
      hasTouch: viewport.isMobile,
      bypassCSP: true,
    });
    try {
      const tab = await context.newPage();
      for (const page of pages) {
        await tab.goto(page.url, { waitUntil: 'load' });
        if (page.waitFor) await tab.locator(page.waitFor).first().waitFor();
        await tab.addScriptTag({ content: axe.source });
        const options: axe.RunOptions = {
          runOnly: { type: 'tag', values: AXE_TAGS },
          resultTypes: ['violations'],
          // The one frame, the sidebar's most-read box, is a page of its own and checked as such.
          iframes: false,
        };
        const violations = await tab.evaluate(async (opts) => {
          if (!window.axe) throw new Error('axe-core was not injected');
          const results = await window.axe.run(document, opts);
          return results.violations.map((v) => ({
            id: v.id,
            help: v.help,
            impact: v.impact ?? null,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary ?? '' })),
          }));
        }, options);
        for (const v of violations) {
          for (const node of v.nodes) {
            findings.push({
              page: page.label,
              validator: `axe (${viewport.name} ${viewport.width}×${viewport.height})`,
              rule: v.id,
              message: `${v.help} [${v.impact ?? 'no impact'}] ${excerpt(node.summary, 300)}`,
              where: `${node.target}: ${excerpt(node.html)}`,
            });
          }
        }
      }
    } finally {
      await context.close();
    }
  }
  return findings;
}
