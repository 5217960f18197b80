import { join } from 'node:path';
import { packageRoot } from '../core/paths';

/** A language Holefill ships a grammar for. */
export interface BuiltinLanguage {
  /** Holefill's id, also the folder under grammars/. */
  readonly id: string;
  /** VS Code language ids served by this grammar. */
  readonly editorLanguageIds: readonly string[];
  readonly fileExtensions: readonly string[];
}

export const BUILTIN_LANGUAGES: readonly BuiltinLanguage[] = [
  { id: 'json', editorLanguageIds: ['json', 'jsonc'], fileExtensions: ['.json', '.jsonc'] },
  { id: 'c', editorLanguageIds: ['c'], fileExtensions: ['.c', '.h'] },
  { id: 'cpp', editorLanguageIds: ['cpp'], fileExtensions: ['.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.ipp'] },
  { id: 'go', editorLanguageIds: ['go'], fileExtensions: ['.go'] },
  { id: 'python', editorLanguageIds: ['python'], fileExtensions: ['.py', '.pyi'] },
  { id: 'javascript', editorLanguageIds: ['javascript', 'javascriptreact'], fileExtensions: ['.js', '.mjs', '.cjs', '.jsx'] },
  { id: 'typescript', editorLanguageIds: ['typescript'], fileExtensions: ['.ts', '.mts', '.cts'] },
  { id: 'rust', editorLanguageIds: ['rust'], fileExtensions: ['.rs'] },
];

export function findBuiltinLanguage(idOrEditorId: string): BuiltinLanguage | undefined {
  return BUILTIN_LANGUAGES.find((l) => l.id === idOrEditorId || l.editorLanguageIds.includes(idOrEditorId));
}

export function languageForFile(path: string): BuiltinLanguage | undefined {
  const lower = path.toLowerCase();
  return BUILTIN_LANGUAGES.find((l) => l.fileExtensions.some((e) => lower.endsWith(e)));
}

export function builtinGrammarDir(id: string): string {
  return join(packageRoot(), 'grammars', id);
}
