import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('SPEC.md', () => {
  it('every numbered rule is cited in the name of at least one test', () => {
    const spec = readFileSync(join(root, '..', 'SPEC.md'), 'utf8');
    const rules = [...spec.matchAll(/^- \*\*\[([A-Z]{2}\d+)\]/gm)].map((m) => m[1]!);
    expect(rules.length).toBeGreaterThan(20);
    const tests = testFiles(root)
      .filter((path) => !path.endsWith('spec-coverage.test.ts'))
      .flatMap((path) =>
        [...readFileSync(path, 'utf8').matchAll(/\bit\b[^\n]*\(\s*[`'"]([^`'"]*)/g)].map((m) => m[1]),
      )
      .join('\n');
    expect(rules.filter((id) => !tests.includes(`[${id}]`))).toEqual([]);
  });
});
