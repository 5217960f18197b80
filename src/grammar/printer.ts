// A compiled grammar as readable BNF: `A ::= B "x" | ε`, then its lexemes with their regexes and flags.
import type { CompiledGrammar, Lexeme } from './compiled';
import { regexToString } from './regex';

export interface PrintOptions {
  /** Regexes longer than this are cut (Unicode classes can run to thousands of characters). */
  readonly maxRegexLength?: number;
}

/**
 * How a symbol is written in a right-hand side: a STRING lexeme as its quoted text, others by name; an
 * immediate lexeme (no extras before it) with a leading `!`.
 */
export function symbolLabel(g: CompiledGrammar, symbol: number): string {
  if (symbol < g.terminalCount) {
    const lexeme = g.lexemes[symbol];
    const label = lexeme.literal !== null && lexeme.source === 'string' && lexeme.name.startsWith('"') ? JSON.stringify(lexeme.literal) : lexeme.name;
    return lexeme.immediate ? `!${label}` : label;
  }
  return g.symbolNames[symbol];
}

export function printProduction(g: CompiledGrammar, rule: number): string {
  const parts: string[] = [];
  for (let k = g.ruleRhsStart[rule]; k < g.ruleRhsStart[rule + 1]; k++) parts.push(symbolLabel(g, g.rhs[k]));
  return parts.length ? parts.join(' ') : 'ε';
}

export function printGrammar(g: CompiledGrammar, options: PrintOptions = {}): string {
  const maxRegex = options.maxRegexLength ?? 160;
  const lines: string[] = [];
  lines.push(`# language: ${g.language} (support: ${g.supportLevel})`);
  lines.push(`# ${g.symbolCount - g.terminalCount} nonterminals, ${g.ruleCount} productions, ${g.terminalCount} lexemes; start: ${g.symbolNames[g.startSymbol]}`);
  lines.push('# "x": fixed text; !x: immediate lexeme (no extras before it); extras may appear between any two lexemes');
  lines.push('');
  const width = Math.max(...Array.from({ length: g.symbolCount - g.terminalCount }, (_, i) => g.symbolNames[g.terminalCount + i].length));
  for (let a = g.terminalCount; a < g.symbolCount; a++) {
    const alternatives: string[] = [];
    for (let i = g.rulesOfStart[a]; i < g.rulesOfStart[a + 1]; i++) alternatives.push(printProduction(g, g.rulesOf[i]));
    const head = g.symbolNames[a].padEnd(width);
    const nullable = g.nullable[a] ? '  # nullable' : '';
    lines.push(`${head} ::= ${alternatives.join(' | ')}${nullable}`);
  }
  lines.push('');
  lines.push('# lexemes');
  for (const lexeme of g.lexemes) lines.push(printLexeme(g, lexeme, maxRegex));
  if (g.externals.length) {
    lines.push('');
    lines.push('# external scanner tokens');
    for (const x of g.externals) lines.push(`${x.name}: ${x.policy}${x.exact ? ', exact' : ', approximate'}: ${x.note}`);
  }
  return lines.join('\n') + '\n';
}

function printLexeme(g: CompiledGrammar, lexeme: Lexeme, maxRegex: number): string {
  const flags = [
    lexeme.source,
    lexeme.keyword ? (lexeme.reserved ? 'reserved keyword' : 'keyword') : '',
    lexeme.immediate ? 'immediate' : '',
    lexeme.extra ? 'extra' : '',
    lexeme.id === g.wordLexeme ? 'word' : '',
  ].filter(Boolean);
  let regex = lexeme.literal !== null ? JSON.stringify(lexeme.literal) : `/${regexToString(lexeme.regex)}/`;
  if (regex.length > maxRegex) regex = regex.slice(0, maxRegex) + `… (${regex.length} chars)`;
  const own = lexeme.literal ?? lexeme.name;
  const aliases = (lexeme.treeSitterNames ?? []).filter((n) => n !== own);
  const shownAs = aliases.length ? ` (tree-sitter: ${aliases.join(', ')})` : '';
  return `${lexeme.name} = ${regex}  [${flags.join(', ')}] e.g. ${JSON.stringify(lexeme.example)}${shownAs}`;
}
