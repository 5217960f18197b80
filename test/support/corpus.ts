// Real files from real projects found on this machine (not written by us), per language: the corpora of
// the oracle tests and benchmarks. Deterministic: sorted paths, a fixed stride, a size cap.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths';

interface CorpusSource {
  readonly roots: readonly string[];
  readonly extensions: readonly string[];
  /** Paths containing any of these are skipped (test inputs that are broken on purpose, generated files). */
  readonly exclude?: readonly string[];
}

const SOURCES: Record<string, CorpusSource> = {
  json: { roots: ['/usr/share', 'node_modules'], extensions: ['.json'], exclude: ['/test', 'fixture'] },
  // C headers only: torch's and other C++ libraries' headers under /usr/include are left out.
  c: { roots: ['/usr/include'], extensions: ['.h'], exclude: ['c++', '/ATen/', '/torch/', '/c10/', '/caffe2/', '/pybind11/', '/onnx/', '/google/', '/boost/', '/eigen3/', '/llvm', '/unicode/'] },
  cpp: { roots: ['/usr/include/c++'], extensions: ['', '.h', '.tcc', '.hpp'], exclude: ['/bits/c++config'] },
  go: { roots: ['/usr/share/go-1.19/src'], extensions: ['.go'], exclude: ['testdata', '/cmd/vendor'] },
  python: { roots: ['/usr/lib/python3.11'], extensions: ['.py'], exclude: ['test', 'lib2to3', 'site-packages', 'dist-packages'] },
  javascript: { roots: ['node_modules'], extensions: ['.js', '.mjs'], exclude: ['.min.', 'test', 'dist/'] },
  typescript: { roots: ['node_modules'], extensions: ['.ts'], exclude: ['.d.ts', 'test'] },
  rust: { roots: ['/usr/src/rustc-1.63.0/library'], extensions: ['.rs'], exclude: ['test'] },
};

const listing = new Map<string, string[]>();

function walk(root: string, source: CorpusSource, out: string[], limit: number): void {
  const stack = [root];
  while (stack.length && out.length < limit) {
    const dir = stack.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort().reverse();
    } catch {
      continue;
    }
    for (const name of entries) {
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) stack.push(path);
      else if (st.isFile() && st.size > 200 && st.size < 120_000 && source.extensions.some((e) => (e === '' ? !name.includes('.') : name.endsWith(e)))) {
        if (source.exclude?.some((x) => path.includes(x))) continue;
        out.push(path);
      }
    }
  }
}

/** Up to `count` real files of `language`, spread over the corpus (deterministic). */
export function corpusFiles(language: string, count: number): string[] {
  const source = SOURCES[language];
  if (!source) throw new Error(`no corpus for ${language}`);
  let all = listing.get(language);
  if (!all) {
    all = [];
    for (const r of source.roots) {
      const root = r.startsWith('/') ? r : join(packageRoot(), r);
      if (existsSync(root)) walk(root, source, all, 5000);
    }
    all.sort();
    listing.set(language, all);
  }
  if (all.length <= count) return all.slice();
  const stride = all.length / count;
  return Array.from({ length: count }, (_, i) => all![Math.floor(i * stride)]);
}

export function readCorpusFile(path: string): string {
  return readFileSync(path, 'utf8');
}
