// CompiledGrammar ⇄ JSON text for the on-disk cache. Typed arrays travel as base64 of their bytes
// (little-endian; the cache key includes the machine's byte order), Infinity in regex repeats as -1.
import { endianness } from 'node:os';
import type { CompiledGrammar, ExternalTokenPolicy, Lexeme, RegexNode } from './compiled';

export const SERIAL_FORMAT = 'holefill-compiled-grammar-1';
export const BYTE_ORDER = endianness();

type TypedArrayName = 'ruleLhs' | 'ruleRhsStart' | 'rhs' | 'rulesOfStart' | 'rulesOf' | 'extras';
const INT32_FIELDS: readonly TypedArrayName[] = ['ruleLhs', 'ruleRhsStart', 'rhs', 'rulesOfStart', 'rulesOf', 'extras'];

const toBase64 = (a: Int32Array | Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function int32FromBase64(s: string): Int32Array {
  const bytes = Buffer.from(s, 'base64');
  // Copy into a fresh, aligned buffer.
  const out = new Int32Array(bytes.byteLength >> 2);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function encodeRegex(node: RegexNode): unknown {
  switch (node.kind) {
    case 'empty':
      return { kind: 'empty' };
    case 'chars':
      return { kind: 'chars', ranges: node.ranges };
    case 'seq':
    case 'alt':
      return { kind: node.kind, items: node.items.map(encodeRegex) };
    case 'repeat':
      return { kind: 'repeat', item: encodeRegex(node.item), min: node.min, max: node.max === Infinity ? -1 : node.max };
  }
}

function decodeRegex(v: unknown): RegexNode {
  const node = v as { kind: string; ranges?: number[]; items?: unknown[]; item?: unknown; min?: number; max?: number };
  switch (node.kind) {
    case 'empty':
      return { kind: 'empty' };
    case 'chars':
      return { kind: 'chars', ranges: node.ranges! };
    case 'seq':
    case 'alt':
      return { kind: node.kind, items: node.items!.map(decodeRegex) };
    case 'repeat':
      return { kind: 'repeat', item: decodeRegex(node.item), min: node.min!, max: node.max === -1 ? Infinity : node.max! };
    default:
      throw new Error(`bad regex node kind ${String(node.kind)}`);
  }
}

export function serializeCompiledGrammar(g: CompiledGrammar, key: string): string {
  const out: Record<string, unknown> = {
    format: SERIAL_FORMAT,
    key,
    language: g.language,
    supportLevel: g.supportLevel,
    symbolNames: g.symbolNames,
    terminalCount: g.terminalCount,
    symbolCount: g.symbolCount,
    startSymbol: g.startSymbol,
    ruleCount: g.ruleCount,
    nullable: toBase64(g.nullable),
    lexemes: g.lexemes.map((l) => ({ ...l, regex: encodeRegex(l.regex) })),
    wordLexeme: g.wordLexeme,
    externals: g.externals,
  };
  for (const f of INT32_FIELDS) out[f] = toBase64(g[f]);
  return JSON.stringify(out);
}

/** Reads a cache file's text; null if it is not a grammar of this format and key (then recompile). */
export function deserializeCompiledGrammar(text: string, expectedKey: string): CompiledGrammar | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v.format !== SERIAL_FORMAT || v.key !== expectedKey) return null;
  const nullableBytes = Buffer.from(v.nullable as string, 'base64');
  const lexemes: Lexeme[] = (v.lexemes as (Omit<Lexeme, 'regex'> & { regex: unknown })[]).map((l) =>
    Object.freeze({ ...l, regex: decodeRegex(l.regex) }),
  );
  const arrays = Object.fromEntries(INT32_FIELDS.map((f) => [f, int32FromBase64(v[f] as string)])) as Record<TypedArrayName, Int32Array>;
  return Object.freeze({
    language: v.language as string,
    supportLevel: v.supportLevel as CompiledGrammar['supportLevel'],
    symbolNames: Object.freeze(v.symbolNames as string[]),
    terminalCount: v.terminalCount as number,
    symbolCount: v.symbolCount as number,
    startSymbol: v.startSymbol as number,
    ruleCount: v.ruleCount as number,
    ...arrays,
    nullable: new Uint8Array(nullableBytes),
    lexemes: Object.freeze(lexemes),
    wordLexeme: v.wordLexeme as number,
    externals: Object.freeze((v.externals as ExternalTokenPolicy[]).map((x) => Object.freeze(x))),
  });
}
