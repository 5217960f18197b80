// grammar.json → CompiledGrammar: the passes, in order, on one screen.
import { performance } from 'node:perf_hooks';
import { buildCompiledGrammar } from './build';
import type { CompiledGrammar } from './compiled';
import { dropMetadata } from './drop-metadata';
import { expandRepeats } from './expand-repeats';
import { extractLexemes } from './extract-lexemes';
import { factorPrefixes, type FactorStats } from './factor-prefixes';
import { flatten } from './flatten';
import { parseGrammarJsonText, validateGrammarJson, type GrammarJson } from './grammar-json';
import { inlineRules, type InlineStats } from './inline';
import { internSymbols } from './intern-symbols';
import { markKeywords } from './mark-keywords';
import { computeNullable } from './nullable';
import { removeUseless, type UselessStats } from './remove-useless';
import { applyReservedContexts, reservedWordSets } from './reserved-contexts';

/**
 * Bump whenever a pass, a policy in externals.ts or the serialised form changes what a grammar.json
 * compiles to: it is part of the on-disk cache key.
 */
export const COMPILER_VERSION = 'grammar-20';

const NO_FACTORING: FactorStats = { factored: 0, helpers: 0, productionsBefore: 0, productionsAfter: 0, rhsSymbolsBefore: 0, rhsSymbolsAfter: 0 };

export interface CompileStats {
  readonly language: string;
  readonly grammarRules: number;
  readonly lexemes: number;
  readonly nonterminals: number;
  readonly productions: number;
  readonly rhsSymbols: number;
  readonly keywords: number;
  readonly inline: InlineStats;
  readonly factor: FactorStats;
  readonly useless: UselessStats;
  /** Milliseconds per pass, in order. */
  readonly passMs: Readonly<Record<string, number>>;
  readonly totalMs: number;
}

export interface CompileResult {
  readonly grammar: CompiledGrammar;
  readonly stats: CompileStats;
}

export interface CompileOptions {
  /** The language id the result carries (default: the grammar's `name`). */
  readonly languageId?: string;
  /** Run factor-prefixes (default true; tests of the earlier passes read their output unfactored). */
  readonly factor?: boolean;
}

export function compileGrammar(json: GrammarJson, options: CompileOptions = {}): CompileResult {
  const passMs: Record<string, number> = {};
  const t0 = performance.now();
  let last = t0;
  const timed = <T>(name: string, run: () => T): T => {
    const result = run();
    const now = performance.now();
    passMs[name] = now - last;
    last = now;
    return result;
  };

  const interned = timed('intern-symbols', () => internSymbols(json));
  const contextual = timed('reserved-contexts', () => applyReservedContexts(interned, reservedWordSets(json).contexts));
  const plain = timed('drop-metadata', () => dropMetadata(contextual));
  const split = timed('extract-lexemes', () => extractLexemes(plain));
  const keyed = timed('mark-keywords', () => markKeywords(split));
  const repeatless = timed('expand-repeats', () => expandRepeats(keyed));
  const flat = timed('flatten', () => flatten(repeatless));
  const inlined = timed('inline', () => inlineRules(flat));
  const factored = timed('factor-prefixes', () => (options.factor === false ? { grammar: inlined.grammar, stats: NO_FACTORING } : factorPrefixes(inlined.grammar)));
  const useful = timed('remove-useless', () => removeUseless(factored.grammar));
  const nullable = timed('nullable', () => computeNullable(useful.grammar));
  const grammar = timed('build', () => buildCompiledGrammar(useful.grammar, nullable, options.languageId ?? json.name));

  const stats: CompileStats = {
    language: grammar.language,
    grammarRules: json.rules.length,
    lexemes: grammar.terminalCount,
    nonterminals: grammar.symbolCount - grammar.terminalCount,
    productions: grammar.ruleCount,
    rhsSymbols: grammar.rhs.length,
    keywords: grammar.lexemes.filter((l) => l.keyword).length,
    inline: inlined.stats,
    factor: factored.stats,
    useless: useful.stats,
    passMs,
    totalMs: performance.now() - t0,
  };
  return { grammar, stats };
}

/** Reads, validates and compiles grammar.json text; `file` names it in error messages. */
export function compileGrammarText(text: string, file: string, options: CompileOptions = {}): CompileResult {
  return compileGrammar(parseGrammarJsonText(text, file), options);
}

/** Validates and compiles an already parsed grammar.json value (tests build these by hand). */
export function compileGrammarValue(value: unknown, file: string, options: CompileOptions = {}): CompileResult {
  return compileGrammar(validateGrammarJson(value, file), options);
}
