// Loading compiled grammars: built-in languages from grammars/<id>/, user grammars from a grammar.json
// named in a setting. Compiling costs tens to hundreds of milliseconds, so results are kept in memory and,
// when the caller names a cache folder (the extension's globalStorage, ~/.cache/holefill for the CLI), on
// disk under a key made of sha256(grammar.json), the language id, the compiler version and the byte order.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HolefillError } from '../core/errors';
import type { CompiledGrammar } from './compiled';
import { builtinGrammarDir, findBuiltinLanguage } from './languages';
import { COMPILER_VERSION, compileGrammarText, type CompileStats } from './prepare';
import { BYTE_ORDER, deserializeCompiledGrammar, serializeCompiledGrammar } from './serialize';

export interface GrammarLoadOptions {
  /** Folder for the on-disk cache (created if missing); null or absent: memory only. */
  readonly cacheDir?: string | null;
}

export interface LoadedGrammar {
  readonly grammar: CompiledGrammar;
  /** Where it came from this time. */
  readonly origin: 'memory' | 'disk' | 'compiled';
  readonly ms: number;
  readonly cacheKey: string;
  /** The cache file written or read, if any. */
  readonly cacheFile: string | null;
  /** Present when it was compiled now. */
  readonly stats: CompileStats | null;
}

/** The CLI's cache folder: $XDG_CACHE_HOME/holefill, else ~/.cache/holefill. */
export function defaultCliCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'holefill');
}

interface MemoryEntry {
  readonly stamp: string; // size and mtime of grammar.json: a changed file is re-read
  readonly key: string;
  readonly grammar: CompiledGrammar;
}
const memory = new Map<string, MemoryEntry>();

/** Forget grammars held in memory (tests, or after a user grammar changed on disk). */
export function clearGrammarMemoryCache(): void {
  memory.clear();
}

function cacheKeyOf(text: string, languageId: string): string {
  return createHash('sha256').update(`${COMPILER_VERSION}\0${BYTE_ORDER}\0${languageId}\0`).update(text).digest('hex');
}

/**
 * Loads (from memory, disk cache or by compiling) the grammar in `grammarJsonPath`. `languageId` null: the
 * grammar's own `name`.
 */
export function loadGrammarDetailed(grammarJsonPath: string, languageId: string | null, options: GrammarLoadOptions = {}): LoadedGrammar {
  const t0 = performance.now();
  const path = resolve(grammarJsonPath);
  let stamp: string;
  try {
    const st = statSync(path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    throw new HolefillError(`grammar file not found: ${path}`, 'io');
  }
  const memoryKey = `${languageId ?? ''}\0${path}`;
  const held = memory.get(memoryKey);
  if (held && held.stamp === stamp) {
    return { grammar: held.grammar, origin: 'memory', ms: performance.now() - t0, cacheKey: held.key, cacheFile: null, stats: null };
  }

  const text = readFileSync(path, 'utf8');
  const id = languageId ?? grammarNameOf(text, path);
  const key = cacheKeyOf(text, id);
  const cacheFile = options.cacheDir ? join(options.cacheDir, 'grammars', `${safeName(id)}-${key.slice(0, 24)}.json`) : null;
  if (cacheFile && existsSync(cacheFile)) {
    const grammar = deserializeCompiledGrammar(readFileSync(cacheFile, 'utf8'), key);
    if (grammar) {
      memory.set(memoryKey, { stamp, key, grammar });
      return { grammar, origin: 'disk', ms: performance.now() - t0, cacheKey: key, cacheFile, stats: null };
    }
  }

  const { grammar, stats } = compileGrammarText(text, path, { languageId: id });
  memory.set(memoryKey, { stamp, key, grammar });
  if (cacheFile) writeCacheFile(cacheFile, serializeCompiledGrammar(grammar, key));
  return { grammar, origin: 'compiled', ms: performance.now() - t0, cacheKey: key, cacheFile, stats };
}

/** The grammar's `name`, read before compiling because it is part of the cache key. */
function grammarNameOf(text: string, path: string): string {
  let name: unknown;
  try {
    name = (JSON.parse(text) as { name?: unknown }).name;
  } catch (e) {
    throw new HolefillError(`${path}: invalid grammar.json:\n  not valid JSON: ${(e as Error).message}`, 'bad-grammar');
  }
  if (typeof name !== 'string' || name === '') {
    throw new HolefillError(`${path}: invalid grammar.json:\n  top level: "name" must be a non-empty string`, 'bad-grammar');
  }
  return name;
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Writes via a temporary file and a rename, so a concurrent reader never sees half a file. A failure
 * to write only costs the next start a compile: it is not an error. */
function writeCacheFile(file: string, text: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch {
    // read-only or full disk: stay memory-only
  }
}

export function loadBuiltinGrammarDetailed(id: string, options: GrammarLoadOptions = {}): LoadedGrammar {
  const language = findBuiltinLanguage(id);
  if (!language) throw new HolefillError(`no built-in grammar for language "${id}"`, 'unsupported-language');
  return loadGrammarDetailed(join(builtinGrammarDir(language.id), 'grammar.json'), language.id, options);
}

/** A built-in language by Holefill id or editor language id (`json`, `cpp`, `typescript`, ...). */
export function loadBuiltinGrammar(id: string, options: GrammarLoadOptions = {}): CompiledGrammar {
  return loadBuiltinGrammarDetailed(id, options).grammar;
}

export interface UserGrammarOptions extends GrammarLoadOptions {
  /** The language id the grammar carries (default: the grammar's `name`). */
  readonly language?: string;
  /** The tree-sitter parser that validates fills; checked to exist when given. */
  readonly wasm?: string | null;
}

/**
 * A user's grammar (the `holefill.customGrammars` setting): `loadGrammarFromFiles(json, wasm?, options?)`
 * or `loadGrammarFromFiles(json, options?)`.
 */
export function loadGrammarFromFiles(grammarJsonPath: string, wasmOrOptions?: string | null | UserGrammarOptions, maybeOptions: UserGrammarOptions = {}): CompiledGrammar {
  const options = typeof wasmOrOptions === 'object' && wasmOrOptions !== null ? wasmOrOptions : maybeOptions;
  const wasm = typeof wasmOrOptions === 'string' ? wasmOrOptions : options.wasm;
  if (wasm && !existsSync(wasm)) throw new HolefillError(`tree-sitter parser not found: ${resolve(wasm)}`, 'io');
  return loadGrammarDetailed(grammarJsonPath, options.language ?? null, options).grammar;
}
