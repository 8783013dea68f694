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

function specRules(): string[] {
  const spec = readFileSync(join(root, '..', 'SPEC.md'), 'utf8');
  return [...spec.matchAll(/^- \*\*\[([A-Z]{2}\d+)\]/gm)].map((m) => m[1]!);
}

/** The names of every test in the package (`it(...)` and `it.each(...)(...)`). */
function testNames(): string[] {
  return testFiles(root)
    .filter((path) => !path.endsWith('spec-coverage.test.ts'))
    .flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/\bit\b[^\n]*\(\s*[`'"]([^`'"]*)/g)].map((m) => m[1]!),
    );
}

describe('SPEC.md', () => {
  it('every numbered rule is cited in the name of at least one test', () => {
    const rules = specRules();
    expect(rules.length).toBeGreaterThan(20);
    const names = testNames().join('\n');
    expect(rules.filter((id) => !names.includes(`[${id}]`))).toEqual([]);
  });

  it('every rule a test cites exists', () => {
    const rules = new Set(specRules());
    const cited = new Set(
      testNames().flatMap((name) => [...name.matchAll(/\[([A-Z]{2}\d+)\]/g)].map((m) => m[1]!)),
    );
    expect([...cited].filter((id) => !rules.has(id))).toEqual([]);
  });
});
