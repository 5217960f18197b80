// Witness: a concrete text for every gap that makes the document valid, read off the Earley chart's
// back-pointers from the accepting item. Symbols a gap absorbed get their shortest yield; a lexeme that
// crosses a gap boundary gets the gap text found by a breadth-first search of the lexer automaton.
import type { CompiledGrammar } from '../grammar/compiled';
import { DEAD, type DfaState, type LexerAutomaton } from '../lexing/automaton';
import type { Piece } from './document';
import { Cause, type EarleyChart } from './earley';
import { includesSorted, keyOffset, keyPiece, keywordWordsOf } from './lattice';
import type { ParseTables } from './tables';

/** One piece of gap text, in document order within its gap. */
interface GapToken {
  readonly text: string;
  /**
   * No separator on that side: part of a lexeme that continues in fixed text there, or (left) an
   * immediate lexeme, which no extra may come before (a closing quote after the string's content).
   */
  readonly glueLeft: boolean;
  readonly glueRight: boolean;
}

/** Tokens per gap piece index, in document order. */
export type GapTokens = Map<number, GapToken[]>;

export function extractGapTokens(chart: EarleyChart, pieces: readonly Piece[], acceptItem: number): GapTokens {
  const t = chart.tables;
  const out: GapTokens = new Map();
  const reversed = new Map<number, GapToken[]>();
  const emit = (gapPiece: number, tok: GapToken) => {
    let list = reversed.get(gapPiece);
    if (!list) reversed.set(gapPiece, (list = []));
    list.push(tok);
  };
  const stack = [acceptItem];
  const yieldCache = new Map<number, YieldToken[]>();
  /** An implicit prediction at a gap advanced over its rule's first symbols inside that gap: their yields. */
  const emitGapPrefix = (it: number) => {
    const o = chart.origin.data[it];
    // At a fixed node the symbols before are nullable (their yields are empty), unless the node carries
    // a gap's predictions across extras: then they were written in that gap.
    const gapNode = chart.nodeIsGap[o] ? o : chart.nodeGapOf[o];
    if (gapNode < 0) return;
    const d = chart.dotted.data[it];
    const r = t.dottedRule[d];
    const skipped = t.dottedPos[d] - 1;
    const gapPiece = keyPiece(chart.nodeKey[gapNode]);
    for (let p = t.ruleRhsStart[r] + skipped - 1; p >= t.ruleRhsStart[r]; p--) {
      const words = shortestYield(t, t.rhs[p], yieldCache);
      for (let k = words.length - 1; k >= 0; k--) emit(gapPiece, { text: words[k].text, glueLeft: words[k].immediate, glueRight: false });
    }
  };
  while (stack.length) {
    const popped = stack.pop()!;
    if (popped <= -2) {
      emitGapPrefix(-2 - popped);
      continue;
    }
    const it = popped;
    if (it < 0) continue;
    const kind = chart.causeKind.data[it] as Cause;
    const cause = chart.cause.data[it];
    const prev = chart.prev.data[it];
    const node = chart.itemNode.data[it];
    if (prev < 0 && (kind === Cause.Scan || kind === Cause.ScanCrossing || kind === Cause.Complete)) {
      // Handle this item's own symbol first (it is right of the prefix), then the prefix.
      if (kind === Cause.Complete) stack.push(cause);
      else if (kind === Cause.ScanCrossing) {
        const parts = crossingGapTexts(chart.lattice.automaton, t.grammar, pieces, cause, chart.nodeKey[chart.causeFrom.data[it]], chart.nodeKey[node]);
        for (let k = parts.length - 1; k >= 0; k--) emit(parts[k].gap, parts[k].token);
      }
      if (kind === Cause.Complete) {
        // The child's tokens must come after the prefix: process the child now, the prefix after it.
        const child = stack.pop()!;
        stack.push(-2 - it); // marker: emit the prefix of `it` after the child is done
        stack.push(child);
      } else emitGapPrefix(it);
      continue;
    }
    switch (kind) {
      case Cause.Scan:
        stack.push(prev);
        break;
      case Cause.Extra: {
        // A line comment in fixed text that runs up to a gap ends only where the gap writes a line break.
        if (chart.nodeIsGap[node] && endsOnlyAtLineBreak(chart.lattice.automaton, pieces, cause, chart.nodeKey[chart.causeFrom.data[it]], chart.nodeKey[node])) {
          emit(keyPiece(chart.nodeKey[node]), { text: '\n', glueLeft: true, glueRight: false });
        }
        stack.push(prev);
        break;
      }
      case Cause.ScanCrossing:
      case Cause.ExtraCrossing: {
        const fromKey = chart.nodeKey[chart.causeFrom.data[it]];
        const toKey = chart.nodeKey[node];
        const parts = crossingGapTexts(chart.lattice.automaton, t.grammar, pieces, cause, fromKey, toKey);
        // Emit right to left.
        for (let k = parts.length - 1; k >= 0; k--) emit(parts[k].gap, parts[k].token);
        stack.push(prev);
        break;
      }
      case Cause.Complete:
        stack.push(prev);
        stack.push(cause); // the child spans the part right of prev: handle it first (right to left)
        break;
      case Cause.GapAbsorb: {
        const gapPiece = keyPiece(chart.nodeKey[node]);
        const words = shortestYield(t, cause, yieldCache);
        for (let k = words.length - 1; k >= 0; k--) emit(gapPiece, { text: words[k].text, glueLeft: words[k].immediate, glueRight: false });
        stack.push(prev);
        break;
      }
      case Cause.Nullable:
        stack.push(prev);
        break;
      case Cause.Start:
      case Cause.Predict:
        break;
    }
  }
  for (const [g, list] of reversed) out.set(g, list.reverse());
  return out;
}

/**
 * Whether `lexeme`, read over the fixed text from `fromKey` to `toKey`, goes on over any character but a
 * line break (a line comment), so that what follows it on its line would be part of it.
 */
function endsOnlyAtLineBreak(a: LexerAutomaton, pieces: readonly Piece[], lexeme: number, fromKey: number, toKey: number): boolean {
  let state = a.start;
  for (let piece = keyPiece(fromKey); piece <= keyPiece(toKey) && piece < pieces.length && state !== DEAD; piece++) {
    const p = pieces[piece];
    if (p.kind !== 'text') continue;
    const text = p.text.slice(piece === keyPiece(fromKey) ? keyOffset(fromKey) : 0, piece === keyPiece(toKey) ? keyOffset(toKey) : p.text.length);
    for (const ch of text) {
      state = a.step(state, ch.codePointAt(0)!);
      if (state === DEAD) break;
    }
  }
  const goesOn = (c: string) => {
    const next = a.step(state, c.codePointAt(0)!);
    return next !== DEAD && includesSorted(a.live(next), lexeme);
  };
  return state !== DEAD && goesOn(' ') && goesOn('x') && !goesOn('\n');
}

/** A lexeme of a shortest yield: its example text, and whether it is immediate (no extra before it). */
interface YieldToken {
  readonly text: string;
  readonly immediate: boolean;
}

/** The shortest yield of a symbol as lexeme example texts. */
function shortestYield(t: ParseTables, symbol: number, cache: Map<number, YieldToken[]>): YieldToken[] {
  const hit = cache.get(symbol);
  if (hit) return hit;
  const g = t.grammar;
  const out: YieldToken[] = [];
  const stack = [symbol];
  while (stack.length) {
    const s = stack.pop()!;
    if (s < g.terminalCount) {
      out.push({ text: g.lexemes[s].example, immediate: g.lexemes[s].immediate });
      continue;
    }
    const r = t.shortestRule[s];
    if (r < 0) throw new Error(`symbol ${g.symbolNames[s] ?? s} has no finite yield`);
    for (let p = t.ruleRhsStart[r + 1] - 1; p >= t.ruleRhsStart[r]; p--) stack.push(t.rhs[p]);
  }
  cache.set(symbol, out);
  return out;
}

/** Printable ASCII, newline and tab: the alphabet searched for gap texts inside a lexeme. */
const SEARCH_ALPHABET: number[] = [0x20, 0x0a, 0x09];
for (let c = 0x21; c < 0x7f; c++) SEARCH_ALPHABET.push(c);
const SEARCH_DEPTH = 12;

interface Frontier {
  readonly state: DfaState;
  readonly texts: string[];
  /** The lexeme's text so far, fixed parts and gap texts. */
  readonly full: string;
}

/** Gap texts that let `lexeme` span from `fromKey` to `toKey` across gaps. */
function crossingGapTexts(
  a: LexerAutomaton,
  g: CompiledGrammar,
  pieces: readonly Piece[],
  lexeme: number,
  fromKey: number,
  toKey: number,
): Array<{ gap: number; token: GapToken }> {
  // The segments the lexeme's text covers: fixed texts and gaps, in order.
  type Segment = { kind: 'fixed'; text: string } | { kind: 'gap'; piece: number };
  const segments: Segment[] = [];
  const fromPiece = keyPiece(fromKey);
  const toPiece = keyPiece(toKey);
  for (let i = fromPiece; i <= toPiece && i < pieces.length; i++) {
    const p = pieces[i];
    if (p.kind === 'gap') {
      segments.push({ kind: 'gap', piece: i });
      continue;
    }
    const s = i === fromPiece ? keyOffset(fromKey) : 0;
    const e = i === toPiece ? keyOffset(toKey) : p.text.length;
    if (e > s) segments.push({ kind: 'fixed', text: p.text.slice(s, e) });
  }
  let frontier: Frontier[] = [{ state: a.start, texts: [], full: '' }];
  const alive = (s: DfaState) => s !== DEAD && includesSorted(a.live(s), lexeme);
  for (const seg of segments) {
    const next: Frontier[] = [];
    const seen = new Set<DfaState>();
    if (seg.kind === 'fixed') {
      for (const f of frontier) {
        let s = f.state;
        for (const ch of seg.text) {
          s = a.step(s, ch.codePointAt(0)!);
          if (s === DEAD) break;
        }
        if (alive(s) && !seen.has(s)) {
          seen.add(s);
          next.push({ state: s, texts: f.texts, full: f.full + seg.text });
        }
      }
    } else {
      // BFS: every state reachable with a short string, shortest first.
      const queue: Array<{ state: DfaState; texts: string[]; text: string; full: string }> = frontier.map((f) => ({ state: f.state, texts: f.texts, text: '', full: f.full }));
      for (const q of queue) seen.add(q.state);
      for (let head = 0; head < queue.length; head++) {
        const q = queue[head];
        next.push({ state: q.state, texts: [...q.texts, q.text], full: q.full + q.text });
        if (q.text.length >= SEARCH_DEPTH || queue.length > 4096) continue;
        for (const c of SEARCH_ALPHABET) {
          const s = a.step(q.state, c);
          if (!alive(s) || seen.has(s)) continue;
          seen.add(s);
          queue.push({ state: s, texts: q.texts, text: q.text + String.fromCodePoint(c), full: q.full });
        }
      }
    }
    frontier = next;
  }
  const endsInGap = segments.length > 0 && segments[segments.length - 1].kind === 'gap';
  // Where the lexeme ends inside a gap, what follows must not extend it (a line comment needs its line
  // break): prefer an end state that a space or a line break terminates, and write that character.
  const terminator = (s: DfaState): string | null => {
    for (const ch of [' ', '\n']) {
      const next = a.step(s, ch.codePointAt(0)!);
      if (next === DEAD || !includesSorted(a.live(next), lexeme)) return ch;
    }
    return null;
  };
  // The fixed text after the gap may end the lexeme itself (a string's content before its closing quote).
  const lastSegment = segments[segments.length - 1];
  const after = lastSegment?.kind === 'gap' ? pieces[lastSegment.piece + 1] : undefined;
  const nextChar = endsInGap && after?.kind === 'text' && after.text.length > 0 ? after.text.codePointAt(0)! : null;
  const endedByNext = (s: DfaState) => nextChar !== null && !alive(a.step(s, nextChar));
  // A word whose text is a keyword would be read as the keyword (`return` + gap: the gap writes `return0`,
  // not nothing). The breadth-first search keeps one text per automaton state, and a keyword's text has a
  // state of its own, so a longer word is among the candidates.
  const keywords = lexeme === g.wordLexeme ? keywordWordsOf(g) : null;
  const accepted = (f: Frontier) => includesSorted(a.accepts(f.state), lexeme) && !keywords?.has(f.full);
  let done = frontier.find((f) => accepted(f) && (!endsInGap || endedByNext(f.state) || terminator(f.state) !== null));
  done ??= frontier.find(accepted);
  done ??= frontier.find((f) => includesSorted(a.accepts(f.state), lexeme));
  const texts = (done?.texts ?? frontier[0]?.texts ?? []).slice();
  if (endsInGap && done && texts.length && !endedByNext(done.state)) {
    const t = terminator(done.state);
    if (t === '\n') texts[texts.length - 1] += t; // a space is added by the layout where needed
  }
  const out: Array<{ gap: number; token: GapToken }> = [];
  let k = 0;
  segments.forEach((seg, idx) => {
    if (seg.kind !== 'gap') return;
    out.push({
      gap: seg.piece,
      token: { text: texts[k++] ?? g.lexemes[lexeme].example, glueLeft: idx > 0 || g.lexemes[lexeme].immediate, glueRight: idx < segments.length - 1 },
    });
  });
  return out;
}


const WORD = /[\p{L}\p{N}_$]/u;
const OPERATOR = /[-+*/%=<>!&|^~?:.#@\\]/;

/** Two texts side by side need a space when their touching characters could fuse into one lexeme. */
function needsSpace(left: string, right: string): boolean {
  if (!left || !right) return false;
  const a = left[left.length - 1];
  const b = right[0];
  if (/\s/.test(a) || /\s/.test(b)) return false;
  return (WORD.test(a) && WORD.test(b)) || (OPERATOR.test(a) && OPERATOR.test(b)) || ((a === '"' || a === "'") && (b === '"' || b === "'"));
}

/** 'bare': no separators at all (a grammar without extras); 'tight': a space only where tokens would fuse. */
export type Spacing = 'bare' | 'tight' | 'spaced' | 'lines';

/** Indentation for the line after `text` (which ends with a line break). */
function nextLineIndent(text: string): string {
  const lineStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const line = text.slice(lineStart, text.length - 1);
  const indent = /^[ \t]*/.exec(line)![0];
  // A `:` ending a (Python) header opens a block, also before a comment (`if x:  # why`); one ending a
  // comment line does not.
  const code = line.replace(/\s*#[^'"]*$/, '');
  return /:\s*$/.test(code) && !/^\s*#/.test(line) ? indent + (indent.includes('\t') ? '\t' : '    ') : indent;
}

/** Joins gap tokens into the gap's text, given the fixed text on each side. */
export function layoutGap(tokens: readonly GapToken[], before: string, after: string, spacing: Spacing): string {
  let s = '';
  let prevText = before;
  let prevGlued = true;
  if (spacing === 'bare') return tokens.map((t) => t.text).join('');
  for (const tok of tokens) {
    const sep = spacing === 'lines' && !tok.glueLeft && (s.length > 0 || !/(^|\n)[ \t]*$/.test(before)) ? '\n' : spacing === 'spaced' && !tok.glueLeft && !prevGlued ? ' ' : '';
    if (sep) s += sep;
    else if (!tok.glueLeft && needsSpace(prevText, tok.text)) s += ' ';
    s += tok.text;
    // A line break written by the gap (Python's NEWLINE and INDENT) continues at the indentation of the
    // line it ends, one level deeper after a `:`; a line ends the same way in the fixed text.
    if (tok.text.endsWith('\n') && !tok.glueRight) s += nextLineIndent(before + s);
    prevText = before + s;
    prevGlued = tok.glueRight;
  }
  if (tokens.length && !tokens[tokens.length - 1].glueRight && needsSpace(before + s, after)) s += ' ';
  if (spacing === 'spaced' && s && !tokens[0].glueLeft && before && !/\s$/.test(before)) s = ' ' + s;
  return s;
}
