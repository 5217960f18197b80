// Copies each pinned tree-sitter grammar package's grammar.json, parser wasm and licence into
// grammars/<lang>/ and records the upstream version. Run after changing a grammar package's version.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [
  { lang: 'json', pkg: 'tree-sitter-json', sub: '', wasm: 'tree-sitter-json.wasm' },
  { lang: 'c', pkg: 'tree-sitter-c', sub: '', wasm: 'tree-sitter-c.wasm' },
  { lang: 'cpp', pkg: 'tree-sitter-cpp', sub: '', wasm: 'tree-sitter-cpp.wasm' },
  { lang: 'go', pkg: 'tree-sitter-go', sub: '', wasm: 'tree-sitter-go.wasm' },
  { lang: 'python', pkg: 'tree-sitter-python', sub: '', wasm: 'tree-sitter-python.wasm' },
  { lang: 'javascript', pkg: 'tree-sitter-javascript', sub: '', wasm: 'tree-sitter-javascript.wasm' },
  { lang: 'typescript', pkg: 'tree-sitter-typescript', sub: 'typescript', wasm: 'tree-sitter-typescript.wasm' },
  { lang: 'rust', pkg: 'tree-sitter-rust', sub: '', wasm: 'tree-sitter-rust.wasm' },
];
for (const s of sources) {
  const pkgDir = join(root, 'node_modules', s.pkg);
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const out = join(root, 'grammars', s.lang);
  mkdirSync(out, { recursive: true });
  copyFileSync(join(pkgDir, s.sub, 'src', 'grammar.json'), join(out, 'grammar.json'));
  copyFileSync(join(pkgDir, s.wasm), join(out, 'parser.wasm'));
  copyFileSync(join(pkgDir, 'LICENSE'), join(out, 'LICENSE'));
  writeFileSync(join(out, 'UPSTREAM.json'), JSON.stringify({ package: s.pkg, version, grammar: join(s.sub, 'src', 'grammar.json'), wasm: s.wasm }, null, 2) + '\n');
  console.log(`${s.lang}: ${s.pkg}@${version}`);
}
