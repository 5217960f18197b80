// Real files found on this machine, not written by us, per language: the corpus of the lexer-agreement
// test and benchmark. Deterministic: every source's paths are sorted and sampled with a fixed stride; sizes
// are capped. Each language lists sources in order with a quota of files tree-sitter must parse cleanly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/core/paths';

interface Source {
  readonly root: string;
  /** File name endings; '' means no extension at all (C++ standard headers). */
  readonly extensions: readonly string[];
  readonly exclude?: readonly string[];
  /** Files of this source to keep (those tree-sitter parses without error). */
  readonly quota: number;
}

export const MAX_FILE_BYTES = 200_000;
const MIN_FILE_BYTES = 200;
const MAX_LISTED = 20_000;

const SOURCES: Record<string, readonly Source[]> = {
  json: [
    { root: '/usr/share', extensions: ['.json'], quota: 20 },
    { root: 'node_modules', extensions: ['.json'], exclude: ['/test', 'fixture'], quota: 20 },
  ],
  c: [
    { root: '/usr/include', extensions: ['.h'], exclude: ['c++', '/ATen/', '/torch/', '/c10/'], quota: 15 },
    { root: '/usr/share/doc', extensions: ['.c'], quota: 10 },
    { root: '/usr/share/go-1.19', extensions: ['.c'], quota: 10 },
    { root: '/usr/src/rustc-1.63.0', extensions: ['.c'], quota: 10 },
  ],
  cpp: [
    { root: '/usr/include/c++', extensions: ['', '.h', '.tcc'], quota: 30 },
    { root: '/usr/lib/python3/dist-packages', extensions: ['.cc', '.cpp'], quota: 10 },
    { root: '/usr/src/rustc-1.63.0', extensions: ['.cc', '.cpp'], quota: 5 },
  ],
  go: [{ root: '/usr/share/go-1.19/src', extensions: ['.go'], exclude: ['testdata'], quota: 40 }],
  python: [{ root: '/usr/lib/python3.11', extensions: ['.py'], exclude: ['site-packages', 'dist-packages'], quota: 40 }],
  javascript: [{ root: 'node_modules', extensions: ['.js', '.mjs', '.cjs'], exclude: ['.min.'], quota: 40 }],
  typescript: [
    { root: 'node_modules', extensions: ['.ts'], exclude: ['.d.ts'], quota: 25 },
    { root: 'node_modules', extensions: ['.d.ts'], quota: 15 },
  ],
  rust: [{ root: '/usr/src/rustc-1.63.0/library', extensions: ['.rs'], quota: 40 }],
};

function list(source: Source): string[] {
  const root = source.root.startsWith('/') ? source.root : join(packageRoot(), source.root);
  const out: string[] = [];
  if (!existsSync(root)) return out;
  const stack = [root];
  while (stack.length && out.length < MAX_LISTED) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (name !== '.git') stack.push(path);
        continue;
      }
      if (!st.isFile() || st.size < MIN_FILE_BYTES || st.size > MAX_FILE_BYTES) continue;
      const matches = source.extensions.some((e) => (e === '' ? !name.includes('.') : name.endsWith(e)));
      if (matches && !source.exclude?.some((x) => path.includes(x))) out.push(path);
    }
  }
  return out.sort();
}

export interface CorpusGroup {
  readonly root: string;
  readonly quota: number;
  /** Candidates in the order to try them: a fixed stride through the sorted listing. */
  readonly candidates: readonly string[];
}

/** Candidate files per source of a language (deterministic order; callers keep the first `quota` that parse). */
export function agreementCorpus(language: string): CorpusGroup[] {
  const sources = SOURCES[language];
  if (!sources) throw new Error(`no agreement corpus for ${language}`);
  return sources.map((source) => {
    const all = list(source);
    // A stride coprime with the length visits every file once, spread over the whole tree.
    let stride = Math.max(1, Math.floor(all.length / 7) + 1);
    while (all.length > 1 && gcd(stride, all.length) !== 1) stride++;
    const candidates = all.map((_, i) => all[(i * stride) % all.length]);
    return { root: source.root, quota: source.quota, candidates };
  });
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
