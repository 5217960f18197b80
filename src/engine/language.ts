// A language ready for checking: its compiled grammar, lexer automaton and tree-sitter parser, loaded
// once per process (compiling a grammar is the expensive part; the loader caches it on disk too).
import { HolefillError } from '../core/errors';
import type { CompiledGrammar, SupportLevel } from '../grammar/compiled';
import { builtinGrammarDir, findBuiltinLanguage, languageForFile } from '../grammar/languages';
import { loadBuiltinGrammar, loadGrammarFromFiles } from '../grammar/loader';
import { TreeSitterParser, type SyntaxNode, type SyntaxProblem } from '../grammar/treesitter';
import { headerIndents, holesFillingBlocks, holesOpeningBlocks, pythonLayoutProblem } from '../check/python-layout';
import type { LexerAutomaton } from '../lexing/automaton';
import { compileLexer } from '../lexing/dfa';
import { join } from 'node:path';

export interface LanguageRuntime {
  readonly id: string;
  readonly grammar: CompiledGrammar;
  readonly lexer: LexerAutomaton;
  readonly parser: TreeSitterParser;
  readonly supportLevel: SupportLevel;
  /** Milliseconds spent loading (grammar compile or cache load, parser load). */
  readonly loadMs: number;
  /**
   * Where the language's layout makes a hole end a block's header (Python: a line followed by a deeper
   * one ends with `:`), the holes that must: a fill's last fallback tries their shortest completion with
   * the `:` written after them.
   */
  readonly blockHeaderHoles?: (text: string, holes: ReadonlyArray<readonly [number, number]>) => number[];
  /**
   * Where the layout makes a hole hold a block's only statement (Python: after a header, with no deeper
   * code line after it), the holes that must: the fallback tries them with a `pass` written first.
   */
  readonly blockBodyHoles?: (text: string, holes: ReadonlyArray<readonly [number, number]>) => number[];
  /** Of the block-opening holes that begin their line, the indentation their header needs (Python: python-layout.ts headerIndents). */
  readonly blockHeaderIndents?: (text: string, holes: ReadonlyArray<readonly [number, number]>) => Map<number, string>;
}

export interface CustomLanguage {
  readonly languageId: string;
  readonly grammarJson: string;
  readonly wasm: string;
}

export interface LanguageOptions {
  /** Folder for the compiled-grammar cache (the extension's storage; ~/.cache/holefill for the CLI). */
  readonly cacheDir?: string;
  readonly custom?: readonly CustomLanguage[];
}

const loaded = new Map<string, Promise<LanguageRuntime>>();

/** Resolves a language id (Holefill's or VS Code's) or a file path's extension to a runtime. */
export function resolveLanguageId(idOrNull: string | undefined, filePath: string | undefined, options: LanguageOptions = {}): string {
  if (idOrNull) {
    const custom = options.custom?.find((c) => c.languageId === idOrNull);
    if (custom) return custom.languageId;
    const builtin = findBuiltinLanguage(idOrNull);
    if (!builtin) throw new HolefillError(`unsupported language '${idOrNull}' (supported: json, c, cpp, go, python, javascript, typescript, rust)`, 'unsupported-language');
    return builtin.id;
  }
  const byFile = filePath ? languageForFile(filePath) : undefined;
  if (!byFile) throw new HolefillError(`cannot tell the language of '${filePath ?? '<stdin>'}'; pass --lang`, 'unsupported-language');
  return byFile.id;
}

export function loadLanguage(id: string, options: LanguageOptions = {}): Promise<LanguageRuntime> {
  const cacheKey = `${id}\u0000${options.cacheDir ?? ''}`;
  let p = loaded.get(cacheKey);
  if (!p) {
    p = load(id, options);
    loaded.set(cacheKey, p);
    p.catch(() => loaded.delete(cacheKey));
  }
  return p;
}

async function load(id: string, options: LanguageOptions): Promise<LanguageRuntime> {
  const t0 = performance.now();
  const custom = options.custom?.find((c) => c.languageId === id);
  let grammar: CompiledGrammar;
  let wasm: string;
  if (custom) {
    grammar = loadGrammarFromFiles(custom.grammarJson, custom.wasm, { cacheDir: options.cacheDir, language: id });
    wasm = custom.wasm;
  } else {
    if (!findBuiltinLanguage(id)) throw new HolefillError(`unsupported language '${id}'`, 'unsupported-language');
    grammar = loadBuiltinGrammar(id, { cacheDir: options.cacheDir });
    wasm = join(builtinGrammarDir(id), 'parser.wasm');
  }
  const lexer = compileLexer(grammar);
  const parser = await TreeSitterParser.load(wasm);
  // Python's tokenizer rejects layouts tree-sitter-python accepts: what Holefill hands back must compile.
  const python = id === 'python' && !custom;
  if (python) parser.layoutCheck = pythonLayoutCheck;
  return { id, grammar, lexer, parser, supportLevel: grammar.supportLevel, loadMs: performance.now() - t0, ...(python ? { blockHeaderHoles: holesOpeningBlocks, blockBodyHoles: holesFillingBlocks, blockHeaderIndents: headerIndents } : {}) };
}

function pythonLayoutCheck(text: string, root: SyntaxNode): SyntaxProblem | null {
  const problem = pythonLayoutProblem(text);
  if (problem) return { offset: problem.offset, line: problem.line, column: 0, kind: 'layout', nodeType: problem.message };
  // tree-sitter-python takes a `try` with no handler; Python (and this grammar: pythonThreeRules) does not.
  for (const node of root.descendantsOfType('try_statement')) {
    if (!node || node.children.some((c) => c !== null && HANDLERS.has(c.type))) continue;
    const { row, column } = node.endPosition;
    return { offset: node.endIndex, line: row, column, kind: 'rule', nodeType: `expected 'except' or 'finally' block after the \`try\` on line ${node.startPosition.row + 1}` };
  }
  return null;
}

const HANDLERS = new Set(['except_clause', 'except_group_clause', 'finally_clause']);
