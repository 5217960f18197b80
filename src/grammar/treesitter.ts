// The real tree-sitter parser (web-tree-sitter + the vendored wasm): the final arbiter of validity.
import { Language, Parser, type Node } from 'web-tree-sitter';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths';

/** A child of a node: its span, and whether it is a single anonymous token (`}`, `;`, `end`). */
export interface ChildSpan {
  readonly start: number;
  readonly end: number;
  readonly anonymousLeaf: boolean;
}

let initialised: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function initParser(): Promise<void> {
  initialised ??= Parser.init({ locateFile: locateRuntimeFile });
  return initialised;
}

/**
 * web-tree-sitter's own files (tree-sitter.wasm): next to the running script when that is an esbuild
 * bundle in dist/ (the build copies them there; a .vsix has no node_modules/web-tree-sitter), else in
 * the installed package (tsc output in out/).
 */
function locateRuntimeFile(name: string): string {
  const besideScript = join(__dirname, name);
  return existsSync(besideScript) ? besideScript : join(packageRoot(), 'node_modules', 'web-tree-sitter', name);
}

/** Where web-tree-sitter's own wasm lives; the bundle build copies it next to dist/. */
export function setTreeSitterRuntimeLocator(locate: (name: string) => string): void {
  initialised ??= Parser.init({ locateFile: locate });
}

export async function loadTreeSitterLanguage(wasmPath: string): Promise<Language> {
  let lang = languages.get(wasmPath);
  if (!lang) {
    lang = initParser().then(() => Language.load(wasmPath));
    languages.set(wasmPath, lang);
  }
  return lang;
}

/** A node of a tree-sitter tree (what a layout check reads). */
export type SyntaxNode = Node;

export interface SyntaxProblem {
  /** UTF-16 offset into the text. */
  readonly offset: number;
  readonly line: number; // 0-based
  readonly column: number; // 0-based, UTF-16 units
  /**
   * `layout`: a rule the grammar cannot state either (Python's indentation); `rule`: one the grammar
   * states and tree-sitter's does not (Python's `try` needs a handler).
   */
  readonly kind: 'error' | 'missing' | 'layout' | 'rule';
  /** The node's type; for a layout or rule problem, what is wrong. */
  readonly nodeType: string;
}

export interface TreeSitterVerdict {
  readonly valid: boolean;
  readonly firstProblem: SyntaxProblem | null;
  readonly ms: number;
}

/** A leaf of the syntax tree: a token tree-sitter lexed (extras included). */
export interface TreeSitterLeaf {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly isExtra: boolean;
  readonly isNamed: boolean;
}

/** A literal whose content a hole lies in (TreeSitterParser.literalsAround). */
export interface LiteralAround {
  /** Sequences the hole's text, with its neighbours, may not contain (they would end the literal or nest one). */
  readonly forbidden: readonly string[];
  /** A backslash may escape the closing delimiter (strings). */
  readonly noBackslash: boolean;
}

/**
 * `node` as a literal a hole can sit in: the literal and the lengths of its opening and closing
 * delimiters; null for a string or comment that is not one (a prefixed or interpolated string, a line
 * comment); undefined for any other node (look further up).
 */
function literalOf(text: string, node: Node): { literal: LiteralAround; delimiters: [number, number] } | null | undefined {
  const body = text.slice(node.startIndex, node.endIndex);
  if (node.type.includes('comment')) {
    if (!body.startsWith('/*') || !body.endsWith('*/') || body.length < 4) return null;
    // Rust nests block comments: the opening pair is kept out too.
    return { literal: { forbidden: ['*/', '/*'], noBackslash: false }, delimiters: [2, 2] };
  }
  if (node.type === 'string') {
    const quote = body.slice(0, 3);
    if ((quote !== '"""' && quote !== "'''") || !body.endsWith(quote) || body.length < 6) return null;
    if (node.children.some((c) => c?.type === 'interpolation')) return null;
    return { literal: { forbidden: [quote], noBackslash: true }, delimiters: [3, 3] };
  }
  return undefined;
}

export class TreeSitterParser {
  private readonly parser: Parser;
  private constructor(readonly language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  static async load(wasmPath: string): Promise<TreeSitterParser> {
    return new TreeSitterParser(await loadTreeSitterLanguage(wasmPath));
  }

  static async forBuiltin(languageId: string): Promise<TreeSitterParser> {
    return TreeSitterParser.load(join(packageRoot(), 'grammars', languageId, 'parser.wasm'));
  }

  /** Parses `text`; valid means no ERROR and no MISSING node anywhere. */
  /**
   * Rules the language has and its tree-sitter grammar does not enforce (Python's indentation, a `try`'s
   * handlers): checked after a parse without errors, as part of validate(). Null where there are none.
   */
  layoutCheck: ((text: string, root: Node) => SyntaxProblem | null) | null = null;

  validate(text: string): TreeSitterVerdict {
    const t0 = performance.now();
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      const root = tree.rootNode;
      const problem = root.hasError ? findFirstProblem(root) : this.layoutCheck ? this.layoutCheck(text, root) : null;
      return { valid: problem === null && !root.hasError, firstProblem: problem, ms: performance.now() - t0 };
    } finally {
      tree.delete();
    }
  }

  /** Whether `offset` lies inside a comment (after its first character) that runs on one line to the line's end. */
  insideLineComment(text: string, offset: number): boolean {
    if (offset <= 0) return false;
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      const node = tree.rootNode.descendantForIndex(offset - 1, offset);
      if (!node || !node.type.includes('comment') || node.startIndex >= offset || node.endIndex < offset) return false;
      const lineEnd = text.indexOf('\n', offset);
      const comment = text.slice(node.startIndex, node.endIndex);
      return !comment.includes('\n') && node.endIndex === (lineEnd < 0 ? text.length : lineEnd);
    } finally {
      tree.delete();
    }
  }

  /**
   * For each region [from, to): the children's spans [start, end) of each node on the path from the
   * root down to the smallest node that contains the whole region — the constructs around it, level by
   * level. One parse for all regions.
   */
  childSpansAround(text: string, regions: ReadonlyArray<readonly [number, number]>): Array<Array<ChildSpan[]>> {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return regions.map(([from, to]) => {
        const levels: ChildSpan[][] = [];
        let node: Node | null = tree.rootNode;
        while (node && node.childCount > 0) {
          const children: Node[] = node.children.filter((n): n is Node => n !== null);
          levels.push(children.map((n: Node) => ({ start: n.startIndex, end: n.endIndex, anonymousLeaf: !n.isNamed && n.childCount === 0 })));
          node = children.find((n: Node) => n.startIndex <= from && to <= n.endIndex && n.childCount > 0) ?? null;
        }
        return levels;
      });
    } finally {
      tree.delete();
    }
  }

  /**
   * For each range [from, to): the literal whose content holds it, where text written there can only
   * end the literal by writing its closing delimiter: a block comment (slash-star to star-slash) or a plain triple-quoted
   * string (`"""`, `'''`: no prefix, no interpolation). `forbidden` lists what the text may not form
   * (with its neighbours), `noBackslash` whether a backslash could escape one. Null elsewhere. One parse.
   */
  literalsAround(text: string, ranges: ReadonlyArray<readonly [number, number]>): Array<LiteralAround | null> {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return ranges.map(([from, to]) => {
        for (let node: Node | null = tree.rootNode.descendantForIndex(from, to); node; node = node.parent) {
          const found = literalOf(text, node);
          if (found === undefined) continue;
          if (found === null || node.hasError) return null;
          const [open, close] = found.delimiters;
          return node.startIndex + open <= from && to <= node.endIndex - close ? found.literal : null;
        }
        return null;
      });
    } finally {
      tree.delete();
    }
  }

  /** Spans [start, end) of every outermost ERROR and MISSING node (a MISSING node is empty). */
  problemSpans(text: string): Array<[number, number]> {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return [...problemNodes(tree.rootNode)].map((n) => [n.startIndex, n.endIndex] as [number, number]);
    } finally {
      tree.delete();
    }
  }

  /** Parse time only (for benchmarks). */
  parseMs(text: string): number {
    const t0 = performance.now();
    const tree = this.parser.parse(text);
    const ms = performance.now() - t0;
    tree?.delete();
    return ms;
  }

  /**
   * Every leaf token of the tree, in order. `keepWhole(type, isNamed)`: an inner node for which it holds
   * counts as one token, its children folded in.
   */
  leaves(text: string, keepWhole?: (type: string, isNamed: boolean) => boolean): TreeSitterLeaf[] {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    const out: TreeSitterLeaf[] = [];
    const cursor = tree.walk();
    try {
      for (;;) {
        const n = cursor.currentNode;
        if (n.childCount === 0 || keepWhole?.(n.type, n.isNamed)) {
          out.push({ type: n.type, start: n.startIndex, end: n.endIndex, isExtra: n.isExtra, isNamed: n.isNamed });
        } else if (cursor.gotoFirstChild()) {
          continue;
        }
        // Next sibling, or the next sibling of the nearest ancestor that has one.
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return out;
        }
      }
    } finally {
      cursor.delete();
      tree.delete();
    }
  }
}

/** The outermost ERROR and MISSING nodes under `root`, depth-first, left to right (document order). */
function* problemNodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!n.hasError && !n.isMissing) continue;
    if (n.isError || n.isMissing) {
      yield n;
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
}

function findFirstProblem(root: Node): SyntaxProblem | null {
  for (const n of problemNodes(root)) {
    return { offset: n.startIndex, line: n.startPosition.row, column: n.startPosition.column, kind: n.isMissing ? 'missing' : 'error', nodeType: n.type };
  }
  return null;
}
