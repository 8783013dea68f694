// Import cycles are errors (style lesson 12). eslint-plugin-import-x would do this, but its resolver
// ships per-platform binaries that this registry does not fully mirror, which breaks `npm ci`.
// This check reads the TypeScript/Svelte sources, resolves relative and `@wharf/*` imports,
// and reports every strongly connected component larger than one module.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findCycles } from './find-cycles.ts';

const root = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.svelte-kit', 'build', '.tsbuild', 'data', '.git']);
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function packageEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(root, group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name: string;
        exports?: Record<string, string>;
      };
      for (const [sub, target] of Object.entries(pkg.exports ?? {}))
        if (typeof target === 'string') entries.set(join(pkg.name, sub), join(root, group, name, target));
    }
  }
  return entries;
}

function resolveImport(from: string, spec: string, entries: Map<string, string>): string | undefined {
  if (spec.startsWith('.')) {
    const base = resolve(dirname(from), spec);
    return [base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
  }
  return entries.get(spec);
}

const entries = packageEntries();
const graph = new Map<string, string[]>();
for (const file of sourceFiles(root)) {
  const deps: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2] ?? '', entries);
    if (target) deps.push(target);
  }
  graph.set(file, deps);
}
const cycles = findCycles(graph);
for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => relative(root, f)).join(' → ')}`);
if (cycles.length > 0) process.exit(1);
console.log(`no import cycles in ${graph.size} modules`);
