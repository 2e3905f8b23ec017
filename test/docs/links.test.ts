import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every docs/*.md, as paths relative to the repository root. */
const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** The lines outside fenced and indented code blocks (headings and links there are not markdown). */
function proseLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker !== undefined && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence === undefined && !line.startsWith('    ')) out.push(line);
  }
  return out;
}

/** GitHub's heading anchor: lowercase, punctuation dropped (hyphens, underscores and spaces kept), spaces → hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a document's headings get, the n-th repeat of a slug suffixed `-n` as GitHub does. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative link targets (`[text](target)`, images too) outside code; absolute URLs and mail links are not checked. */
function relativeLinks(text: string): string[] {
  const links: string[] = [];
  for (const line of proseLines(text)) {
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push(target);
    }
  }
  return links;
}

/** What is wrong with each relative link of `doc` (a path relative to ROOT); empty when every link resolves. */
function brokenLinks(doc: string, text: string, read: (file: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const target of relativeLinks(text)) {
    const hash = target.indexOf('#');
    const file = hash === -1 ? target : target.slice(0, hash);
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
    const content = file === '' ? text : read(resolved);
    if (content === undefined) {
      broken.push(`${doc}: ${target} (no file ${resolved})`);
      continue;
    }
    if (anchor !== undefined && !anchorsOf(content).has(anchor)) broken.push(`${doc}: ${target} (no heading #${anchor} in ${resolved})`);
  }
  return broken;
}

function readFromRepo(file: string): string | undefined {
  const full = path.join(ROOT, file);
  if (!existsSync(full)) return undefined;
  return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8');
}

describe('README and docs/', () => {
  it('checks every document of the manual', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/api.md', 'docs/configuration.md', 'docs/deploying.md', 'docs/operating.md', 'docs/providers.md', 'docs/security.md']));
  });

  it.each(DOCUMENTS)('%s: every relative link and anchor resolves', (doc) => {
    const text = readFileSync(path.join(ROOT, doc), 'utf8');
    expect(brokenLinks(doc, text, readFromRepo)).toEqual([]);
  });

  it('fails on a missing file, a missing heading in another file and a missing heading in the same file', () => {
    const files: Record<string, string> = { 'docs/a.md': '# A\n\n## Two words\n\n## Two words\n', 'README.md': '# R\n' };
    const read = (file: string) => files[file];
    expect(slug('OAuth ("Connect with …")')).toBe('oauth-connect-with-');
    expect(slug('Runbook: an integration in `error`')).toBe('runbook-an-integration-in-error');
    expect(anchorsOf(files['docs/a.md']!)).toEqual(new Set(['a', 'two-words', 'two-words-1']));
    const doc = '# B\n\n## Here\n\n[ok](#here) [ok](a.md#two-words-1) [ok](../README.md) `[code](#nowhere)`\n\n```\n[x](#fenced)\n```\n';
    expect(brokenLinks('docs/b.md', doc, read)).toEqual([]);
    expect(brokenLinks('docs/b.md', '[x](missing.md)', read)).toEqual(['docs/b.md: missing.md (no file docs/missing.md)']);
    expect(brokenLinks('docs/b.md', '[x](a.md#two-words-2)', read)).toEqual(['docs/b.md: a.md#two-words-2 (no heading #two-words-2 in docs/a.md)']);
    expect(brokenLinks('docs/b.md', '[x](#nowhere)', read)).toEqual(['docs/b.md: #nowhere (no heading #nowhere in docs/b.md)']);
    expect(brokenLinks('docs/b.md', '[x](README.md)', read)).toEqual(['docs/b.md: README.md (no file docs/README.md)']);
  });
});
