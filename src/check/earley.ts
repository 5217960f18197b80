// Earley parsing over the lexeme lattice, with gaps (check-design.md §2).
//
// Items are (dotted rule, origin node) pairs in one growing arena, appended node by node in document
// order, so keeping every node before a change and re-parsing from there is a truncation.
// Outside gaps, predictions are never materialised: a node keeps the set P of nonterminals predicted
// there (a union of precomputed left-corner closures, interned), and "rules of P that start with X"
// are looked up when X is scanned or completed. A gap node saturates: every item there advances over
// any symbol (a gap can hold any text, and every symbol is productive), predictions are explicit, and
// completions reach back to their origins.
import type { ParseTables } from './tables';
import type { LatticeLexer, LexMode, NodeEdges } from './lattice';
import { keyOffset, keyPiece, nodeKey } from './lattice';
import type { Piece } from './document';
import type { CompiledGrammar } from '../grammar/compiled';
import { CLAUSE_COLUMN_RULE, COLUMN_ZERO_RULE, DEEPER_COLUMN_RULE, languageLowering, SAME_COLUMN_RULE } from '../grammar/externals';
import { columnsAgree, lineBreakBetween, statementColumnAt, UNKNOWN_COLUMN } from './columns';

export const enum Cause {
  Start = 0,
  Scan = 1,
  ScanCrossing = 2,
  Complete = 3,
  GapAbsorb = 4,
  Nullable = 5,
  Extra = 6,
  ExtraCrossing = 7,
  Predict = 8,
}

export interface EarleyBudget {
  /** Wall-clock limit of one parse in milliseconds. */
  readonly maxMs: number;
  /** Limit on items created by one parse. */
  readonly maxItems: number;
  /**
   * Wall-clock time (Date.now() milliseconds, so it means the same on any thread) after which no parse
   * goes on: a quick fill's checks stop when the fill's own time is up, not a whole maxMs later.
   */
  readonly deadline?: number;
}

export const DEFAULT_BUDGET: EarleyBudget = { maxMs: 10_000, maxItems: 50_000_000 };

class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

interface PendingEdge {
  readonly from: number; // node index
  readonly lexeme: number;
  readonly crossing: number;
}

export interface ParseOutcome {
  readonly accepted: boolean;
  readonly budgetExceeded: boolean;
  /** Node index holding the accepting item, or -1. */
  readonly acceptItem: number;
}

export class EarleyChart {
  // Nodes, in document order.
  nodeKey: number[] = [];
  nodeItemStart: number[] = [];
  nodeItemEnd: number[] = [];
  nodePredicted: number[] = []; // interned predicted-set id (0 = none)
  nodePredictedDirect: number[] = []; // the same, from items that did not come across extras
  /** A gap's predictions (any-position) carried to a node reached from the gap across extras only. */
  nodeGapPid: number[] = [];
  /** The gap node those come from, or -1 (witnesses write the skipped symbols into that gap). */
  nodeGapOf: number[] = [];
  /** 1 where a separator (whitespace) lies between the node and the gap of nodeGapOf on every path: no immediate lexeme then. */
  nodeGapSeparated: number[] = [];
  nodeWaitStart: number[] = [];
  nodeWaitEnd: number[] = [];
  /**
   * Per node: -1, or the node whose items and wait index it shares, read as having come across blank
   * space (a node reached only across whitespace from one fixed node: most nodes of indented code).
   * Such a node's item range is its source's, so the arena positions where its own entries would
   * start are kept apart for rewind.
   */
  nodeBlankAliasOf: number[] = [];
  private nodeArenaItem: number[] = [];
  private nodeArenaWait: number[] = [];
  nodeEdges: Array<NodeEdges | null> = [];
  nodeIsGap: boolean[] = [];
  /**
   * Per lexeme: 1 for an extra that tree-sitter's lexer skips as a separator (an anonymous pattern such
   * as whitespace), after which no immediate lexeme may come; 0 for the rest. A named extra (a comment)
   * is a token of its own: an immediate lexeme may follow it directly (a block comment after
   * `#define X 2`, then the line break, which tree-sitter-c makes immediate).
   */
  private readonly separator: Uint8Array;
  /** Per symbol: a literal rule (LanguageLowering.literalRules) whose node fixedTextIntact limits; null when none. */
  private readonly literalSymbols: Uint8Array | null;
  /** Column of the statement after each node (NaN until needed; columns.ts) and how far it read. */
  nodeColumn: number[] = [];
  nodeColumnReach: number[] = [];
  /** Per node: 1 where a clause after it is out of line with its statement's header (alignedWithHeader), 0 where not, NaN until needed. */
  private nodeClauseOff: number[] = [];
  // Items.
  readonly dotted = new GrowableInt32(1 << 14);
  readonly origin = new GrowableInt32(1 << 14);
  readonly prev = new GrowableInt32(1 << 14);
  readonly cause = new GrowableInt32(1 << 14); // child item, lexeme or symbol, by kind
  readonly causeKind = new GrowableInt32(1 << 14);
  readonly causeFrom = new GrowableInt32(1 << 14); // scan/extra: the node index the lexeme started at
  readonly itemNode = new GrowableInt32(1 << 14);
  /** 1 where the item reached its node across extras: it cannot take an immediate lexeme (IMMEDIATE_TOKEN). */
  readonly afterExtras = new GrowableInt32(1 << 14);
  // Per node: items waiting on a symbol, sorted by symbol.
  readonly waitSymbol = new GrowableInt32(1 << 14);
  readonly waitItem = new GrowableInt32(1 << 14);
  // Interned predicted sets and the rule lists they filter.
  private readonly predictedSets: Uint32Array[] = [];
  private readonly predictedIds = new Map<number, number[]>();
  /**
   * implicit()'s lists by [predicted set · 8 + kind][symbol], kind 0/1 fixed/any position, plus 2 off
   * column zero, plus 4 a clause out of line (arrays: the hottest lookup of a check).
   */
  private readonly implicitLists: Array<Array<Int32Array | undefined> | undefined> = [];
  // Work in progress.
  private pending = new Map<number, PendingEdge[]>();
  private heap: number[] = [];
  /** Open-addressing set of (dotted, origin) of the node being built; entries stamped by node number. */
  private setKeysD = new Int32Array(1 << 12);
  private setKeysO = new Int32Array(1 << 12);
  private setStamp = new Int32Array(1 << 12);
  private setSize = 0;
  private stamp = 0;
  private scratch = new Float64Array(1 << 12);
  /** Gap cost per item of the gap node being saturated (indexed from the node's first item). */
  private readonly gapCosts: number[] = [];
  private finalKey = -1;
  /**
   * Lexemes that also stand zero-width at some fixed positions (atEndOfInput, zeroWidthBefore): Python's
   * NEWLINE at the end of a file, JavaScript's automatic semicolon before `}`. Scanned there, they lead
   * to a zero-width node between the position's key and the next (key + half the distance to it).
   */
  private readonly zeroWidthLexemes: CompiledGrammar['lexemes'][number][];
  /**
   * The empty symbol a statement aligned with its block's first one comes after (SAME_COLUMN_RULE), or
   * -1: an item passes it only where the statement after the node starts in the column the one after
   * its origin does.
   */
  private readonly sameColumnSymbol: number;
  /** The empty symbol between a block's INDENT and its statements (DEEPER_COLUMN_RULE), or -1. */
  private readonly deeperColumnSymbol: number;
  /** The nonterminals with DEEPER_COLUMN_RULE in a production (Python's `_suite`): what the header waits on. */
  private readonly deeperColumnLhs: Int32Array;
  /** The empty symbol before a compound statement's clause (CLAUSE_COLUMN_RULE), or -1. */
  private readonly clauseColumnSymbol: number;
  /** The nonterminals with CLAUSE_COLUMN_RULE in a production (helpers the grammar's passes made of the compound statements' tails). */
  private readonly clauseColumnLhs: Int32Array;
  /** Per dotted rule: 1 where the symbols before the dot include CLAUSE_COLUMN_RULE (null: no such symbol). */
  private readonly clauseColumnPrefix: Uint8Array | null;
  /** Per symbol: 1 where an implicit prediction can advance over it past CLAUSE_COLUMN_RULE (a clause's keyword). */
  private readonly clauseStarts: Uint8Array | null;
  /** The empty symbol a statement in column 0 comes after (COLUMN_ZERO_RULE), or -1. */
  private readonly columnZeroSymbol: number;
  /** Per dotted rule: 1 where the symbols before the dot include COLUMN_ZERO_RULE (null: no such symbol). */
  private readonly columnZeroPrefix: Uint8Array | null;
  /**
   * The column COLUMN_ZERO_RULE stands for: 0 for a document, the column of a window's constructs for a
   * window checked as a file of its own (UNKNOWN_COLUMN: any). Set before the first parse.
   */
  firstColumn = 0;
  private readonly lineComment: string;
  /** The pieces of the parse in progress (columns are read off them). */
  private pieces: readonly Piece[] = [];
  itemsThisParse = 0;
  nodesThisParse = 0;

  constructor(
    readonly tables: ParseTables,
    readonly lattice: LatticeLexer,
    /**
     * The witness chart: every node is built cheapest item first (cost = lexemes the gaps must hold, a
     * lexeme spanning a gap boundary counting one more), so the first derivation of each item — the
     * one back-pointers keep — is a shortest one, made of whole lexemes where possible.
     */
    readonly forWitness = false,
    /** Witness chart only: use lexemes that span a gap boundary (a comment opened in one hole and closed in the next). */
    readonly allowCrossing = true,
    /**
     * A node reached only across blank space shares its source's items (nodeBlankAliasOf; the witness
     * chart copies them in order without re-closing). false builds every node in full: the reference
     * the tests compare against.
     */
    readonly shareBlankNodes = true,
  ) {
    this.predictedSets.push(new Uint32Array(tables.words));
    this.zeroWidthLexemes = tables.grammar.lexemes.filter((l) => (l.atEndOfInput || l.zeroWidthBefore) && !l.extra);
    const columns = columnTablesFor(tables);
    this.sameColumnSymbol = columns.sameColumnSymbol;
    this.deeperColumnSymbol = columns.deeperColumnSymbol;
    this.deeperColumnLhs = columns.deeperColumnLhs;
    this.clauseColumnSymbol = columns.clauseColumnSymbol;
    this.clauseColumnLhs = columns.clauseColumnLhs;
    this.clauseColumnPrefix = columns.clauseColumnPrefix;
    this.clauseStarts = columns.clauseStarts;
    this.columnZeroSymbol = columns.columnZeroSymbol;
    this.columnZeroPrefix = columns.columnZeroPrefix;
    this.lineComment = columns.lineComment;
    this.literalSymbols = lattice.fixedTextIntact ? literalSymbolsFor(tables) : null;
    this.separator = Uint8Array.from(tables.grammar.lexemes, (l) => (l.extra && !l.treeSitterNames?.length ? 1 : 0));
  }

  get nodeCount(): number {
    return this.nodeKey.length;
  }

  /** Drops every node whose key is ≥ cutKey and re-queues the kept nodes' edges that reach past it. */
  rewind(cutKey: number): number {
    let n = this.nodeKey.length;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nodeKey[mid] < cutKey) lo = mid + 1;
      else hi = mid;
    }
    const keep = lo;
    if (keep < n) {
      const itemCut = this.nodeArenaItem[keep];
      const waitCut = this.nodeArenaWait[keep];
      this.dotted.length = this.origin.length = this.prev.length = this.cause.length = itemCut;
      this.causeKind.length = this.causeFrom.length = this.itemNode.length = this.afterExtras.length = itemCut;
      this.waitSymbol.length = this.waitItem.length = waitCut;
      for (const arr of [this.nodeKey, this.nodeItemStart, this.nodeItemEnd, this.nodePredicted, this.nodePredictedDirect, this.nodeGapPid, this.nodeGapOf, this.nodeGapSeparated, this.nodeWaitStart, this.nodeWaitEnd, this.nodeColumn, this.nodeColumnReach, this.nodeClauseOff, this.nodeBlankAliasOf, this.nodeArenaItem, this.nodeArenaWait]) arr.length = keep;
      this.nodeEdges.length = keep;
      this.nodeIsGap.length = keep;
    }
    this.pending = new Map();
    this.heap = [];
    for (let i = 0; i < keep; i++) {
      const e = this.nodeEdges[i];
      if (!e) continue;
      for (let k = 0; k < e.lexemes.length; k++) {
        if (e.targets[k] >= cutKey) this.queue(e.targets[k], { from: i, lexeme: e.lexemes[k], crossing: e.crossing[k] });
      }
    }
    return keep;
  }

  /** Parses from the first missing node to the end of `pieces`. */
  parse(pieces: readonly Piece[], budget: EarleyBudget): ParseOutcome {
    const t0 = performance.now();
    this.pieces = pieces;
    this.itemsThisParse = 0;
    this.nodesThisParse = 0;
    const startKey = this.lattice.canonical(pieces, 0, 0);
    const last = pieces.length - 1;
    this.finalKey = pieces.length === 0 ? startKey : this.lattice.canonical(pieces, last, pieces[last].kind === 'text' ? (pieces[last] as { text: string }).text.length : 0);
    if (this.nodeKey.length === 0 && this.heap.length === 0) this.queue(startKey, null);
    let budgetExceeded = false;
    while (this.heap.length) {
      const key = this.popMin();
      const incoming = this.pending.get(key)!;
      this.pending.delete(key);
      this.processNode(pieces, key, incoming);
      if ((this.nodesThisParse & 63) === 0 && (performance.now() - t0 > budget.maxMs || this.itemsThisParse > budget.maxItems || Date.now() > (budget.deadline ?? Infinity))) {
        budgetExceeded = true;
        break;
      }
    }
    if (budgetExceeded) {
      // Leave the chart consistent: drop the partial tail so the next parse starts clean from here.
      this.rewind(this.nodeKey.length ? this.nodeKey[this.nodeKey.length - 1] : 0);
      return { accepted: false, budgetExceeded: true, acceptItem: -1 };
    }
    const acceptItem = this.findAccept();
    return { accepted: acceptItem >= 0, budgetExceeded: false, acceptItem };
  }

  private findAccept(): number {
    // The final node, or a zero-width node after it. The witness chart takes the cheapest: an accept
    // after zero-width tokens (JavaScript's automatic semicolons at the end of the input) can come from
    // a dearer completion than the one accepted at the final node itself (`class C { | }` at the end of
    // a file: "} function a ( ) {" instead of nothing).
    // The checking chart takes the final node's own accept where there is one (its derivation is read
    // for suggestions), else the first after it.
    let first = this.nodeKey.length;
    while (first > 0 && this.nodeKey[first - 1] >= this.finalKey) first--;
    let best = -1;
    for (let n = first; n < this.nodeKey.length; n++) {
      for (let it = this.nodeItemStart[n]; it < this.nodeItemEnd[n]; it++) {
        if (this.dotted.data[it] !== this.tables.acceptEndDotted || this.origin.data[it] !== 0) continue;
        if (!this.forWitness) return it;
        if (best < 0 || this.itemCost[it] < this.itemCost[best]) best = it;
      }
    }
    return best;
  }

  private queue(key: number, edge: PendingEdge | null): void {
    let list = this.pending.get(key);
    if (!list) {
      list = [];
      this.pending.set(key, list);
      // binary heap push
      const h = this.heap;
      h.push(key);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p] <= key) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = key;
    }
    if (edge) list.push(edge);
  }

  private popMin(): number {
    const h = this.heap;
    const top = h[0];
    const lastKey = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r] < h[l] ? r : l;
        if (h[c] >= lastKey) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = lastKey;
    }
    return top;
  }

  /**
   * Adds item (d, o) to the node being built; `afterExtras`: a separator (whitespace) lies between it and
   * the last token, so an immediate lexeme cannot come next.
   */
  private add(d: number, o: number, prev: number, kind: Cause, cause: number, from: number, node: number, afterExtras = 0): number {
    if ((this.setSize + 1) * 2 > this.setStamp.length) this.growSet();
    const mask = this.setStamp.length - 1;
    const ok = o * 2 + afterExtras;
    let h = (Math.imul(d, 0x9e3779b1) ^ Math.imul(ok, 0x85ebca6b)) & mask;
    while (this.setStamp[h] === this.stamp) {
      if (this.setKeysD[h] === d && this.setKeysO[h] === ok) return -1;
      h = (h + 1) & mask;
    }
    this.setStamp[h] = this.stamp;
    this.setKeysD[h] = d;
    this.setKeysO[h] = ok;
    this.setSize++;
    this.dotted.push(d);
    this.origin.push(o);
    this.prev.push(prev);
    this.causeKind.push(kind);
    this.cause.push(cause);
    this.causeFrom.push(from);
    this.itemNode.push(node);
    this.afterExtras.push(afterExtras);
    this.itemsThisParse++;
    return this.dotted.length - 1;
  }

  private growSet(): void {
    const oldD = this.setKeysD;
    const oldO = this.setKeysO;
    const oldS = this.setStamp;
    const size = oldS.length * 2;
    this.setKeysD = new Int32Array(size);
    this.setKeysO = new Int32Array(size);
    this.setStamp = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < oldS.length; i++) {
      if (oldS[i] !== this.stamp) continue;
      let h = (Math.imul(oldD[i], 0x9e3779b1) ^ Math.imul(oldO[i], 0x85ebca6b)) & mask;
      while (this.setStamp[h] === this.stamp) h = (h + 1) & mask;
      this.setStamp[h] = this.stamp;
      this.setKeysD[h] = oldD[i];
      this.setKeysO[h] = oldO[i];
    }
  }

  /** Items of node `n` waiting on `symbol`: [start, end) into waitItem. */
  private waiting(n: number, symbol: number): [number, number] {
    const sym = this.waitSymbol.data;
    let lo = this.nodeWaitStart[n];
    let hi = this.nodeWaitEnd[n];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sym[mid] < symbol) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    const stop = this.nodeWaitEnd[n];
    while (end < stop && sym[end] === symbol) end++;
    return [lo, end];
  }

  /** Dotted rules (after the first symbol X) of rules predicted at a node with predicted set `pid`. */
  /**
   * Dotted rules that implicit predictions of set `pid` advance to over `symbol`: at a fixed node the
   * rules' first symbols (after nullable ones); at a gap node (`anyPosition`) any position, since a gap
   * can hold whatever comes before it in the rule.
   */
  private implicit(pid: number, symbol: number, anyPosition = false, origin = -1): Int32Array {
    const t = this.tables;
    // At a fixed node whose statement is not in column 0, rules that passed COLUMN_ZERO_RULE on the way
    // (it is nullable, so the tables skip it) are left out.
    const offColumnZero = this.columnZeroPrefix !== null && origin >= 0 && !anyPosition && !columnsAgree(this.columnAfter(origin), this.firstColumn);
    // Likewise CLAUSE_COLUMN_RULE, where the clause (`else`) is out of line with its statement's header.
    const offClause = this.clauseStarts !== null && this.clauseStarts[symbol] === 1 && origin >= 0 && !anyPosition && this.clauseOff(origin);
    const slot = pid * 8 + (anyPosition ? 1 : 0) + (offColumnZero ? 2 : 0) + (offClause ? 4 : 0);
    const bySymbol = (this.implicitLists[slot] ??= new Array<Int32Array | undefined>(t.symbolCount));
    let list = bySymbol[symbol];
    if (list) return list;
    if (offColumnZero || offClause) {
      const zero = offColumnZero ? this.columnZeroPrefix! : null;
      const clause = offClause ? this.clauseColumnPrefix! : null;
      list = this.implicit(pid, symbol).filter((d) => !zero?.[d] && !clause?.[d]);
    } else {
      const bits = this.predictedSets[pid];
      const out: number[] = [];
      const starts = anyPosition ? t.afterAnyStart : t.afterFirstStart;
      const lists = anyPosition ? t.afterAny : t.afterFirst;
      for (let k = starts[symbol]; k < starts[symbol + 1]; k++) {
        const d = lists[k];
        const A = t.dottedLhs[d];
        if (bits[A >>> 5] & (1 << (A & 31))) out.push(d);
      }
      list = Int32Array.from(out);
    }
    bySymbol[symbol] = list;
    return list;
  }

  /** Advances what waits on `symbol` at node `o` (explicit items and implicit predictions) into the current node. */
  private advanceWaiting(o: number, symbol: number, kind: Cause, cause: number, from: number, node: number, afterExtras = 0): void {
    const [ws, we] = this.waiting(o, symbol);
    const wi = this.waitItem.data;
    const immediate = symbol < this.tables.grammar.terminalCount && this.tables.grammar.lexemes[symbol].immediate;
    const acrossBlank = this.nodeBlankAliasOf[o] >= 0;
    for (let k = ws; k < we; k++) {
      const w = wi[k];
      if (immediate && (acrossBlank || this.afterExtras.data[w])) continue; // no extras may come before an immediate lexeme
      this.add(this.dotted.data[w] + 1, this.origin.data[w], w, kind, cause, from, node, afterExtras);
    }
    // Rules predicted only by items that came across extras cannot start with an immediate lexeme.
    const pid = immediate ? this.nodePredictedDirect[o] : this.nodePredicted[o];
    if (pid !== 0) {
      const list = this.implicit(pid, symbol, this.nodeIsGap[o], o);
      for (let k = 0; k < list.length; k++) this.add(list[k], o, -1, kind, cause, from, node, afterExtras);
    }
    const gapPid = this.nodeGapPid[o];
    // Predicted in the gap: their origin is the gap (only extras lie between it and `o`), so one item
    // stands for them however many whitespace nodes follow the gap; not for an immediate lexeme after
    // whitespace (string content written in the gap, a line break, then the closing quote).
    if (gapPid !== 0 && !(immediate && this.nodeGapSeparated[o])) {
      const list = this.implicit(gapPid, symbol, true);
      const gapNode = this.nodeGapOf[o];
      for (let k = 0; k < list.length; k++) this.add(list[k], gapNode, -1, kind, cause, from, node, afterExtras);
    }
  }

  private processNode(pieces: readonly Piece[], key: number, incoming: PendingEdge[]): void {
    if (this.forWitness) return this.processNodeByCost(pieces, key, incoming);
    const t = this.tables;
    const n = this.nodeKey.length;
    const isGap = pieces[keyPiece(key)]?.kind === 'gap';
    const start = this.beginNode(key, isGap);
    if (n === 0) this.add(t.acceptStartDotted, 0, -1, Cause.Start, 0, 0, 0);
    const lexemes = t.grammar.lexemes;
    // Edges that stay in fixed text first, with their closure: the first way an item is made is the one
    // witnesses follow, and a derivation through fixed text reads better than one through a lexeme that
    // spans a gap.
    // Extras out of a gap (or out of a node that inherited a gap's predictions) carry those predictions.
    let inheritedPid = 0;
    let inheritedFrom = -1;
    let separated = 1;
    if (!isGap) {
      for (const e of incoming) {
        if (!lexemes[e.lexeme].extra) continue;
        const gp = this.nodeIsGap[e.from] ? this.nodePredicted[e.from] : this.nodeGapPid[e.from];
        if (gp === 0) continue;
        if (!this.separator[e.lexeme] && (this.nodeIsGap[e.from] || !this.nodeGapSeparated[e.from])) separated = 0;
        if (inheritedFrom < 0) inheritedFrom = this.nodeIsGap[e.from] ? e.from : this.nodeGapOf[e.from];
        if (inheritedPid === 0 || inheritedPid === gp) inheritedPid = gp;
        else {
          const a = this.predictedSets[inheritedPid];
          const b = this.predictedSets[gp];
          const bits = new Uint32Array(a.length);
          for (let w = 0; w < a.length; w++) bits[w] = a[w] | b[w];
          inheritedPid = this.intern(bits);
        }
      }
    }
    this.nodeGapPid.push(inheritedPid);
    this.nodeGapOf.push(inheritedFrom);
    this.nodeGapSeparated.push(inheritedPid !== 0 ? separated : 0);
    if (this.isBlankCopy(n, isGap, incoming)) return this.aliasNode(n, incoming[0].from, pieces);
    let processed = start;
    for (let crossing = 0; crossing <= 1; crossing++) {
      for (const e of incoming) {
        if (e.crossing !== crossing) continue;
        const from = e.from;
        if (lexemes[e.lexeme].extra) {
          // Extras leave the parse as it was: copy the items (implicit predictions follow from them).
          const kind = e.crossing ? Cause.ExtraCrossing : Cause.Extra;
          for (let it = this.nodeItemStart[from]; it < this.nodeItemEnd[from]; it++) {
            this.add(this.dotted.data[it], this.origin.data[it], it, kind, e.lexeme, from, n, this.separator[e.lexeme]);
          }
        } else {
          this.advanceWaiting(from, e.lexeme, e.crossing ? Cause.ScanCrossing : Cause.Scan, e.lexeme, from, n);
        }
      }
      processed = isGap ? this.saturateGap(n, processed) : this.closeFixed(n, processed);
    }
    this.finishNode(n, start, isGap, pieces);
  }

  /**
   * Node `n`, reached only across blank space from fixed node `from`, holds `from`'s items as having come
   * across extras, and nothing more: their closure (completions, nullable symbols, columns: the same
   * statement follows) was done at `from`. So it shares `from`'s items and wait index (nodeBlankAliasOf)
   * instead of copying them; only its predicted sets (no immediate lexeme after blank space), its
   * origin for what starts there and its lexing are its own.
   */
  private aliasNode(n: number, from: number, pieces: readonly Piece[]): void {
    const source = this.nodeBlankAliasOf[from] >= 0 ? this.nodeBlankAliasOf[from] : from;
    this.nodeBlankAliasOf[n] = source;
    this.nodeItemStart[n] = this.nodeItemStart[source];
    this.nodeItemEnd.push(this.nodeItemEnd[source]);
    const ws = this.nodeWaitStart[source];
    const we = this.nodeWaitEnd[source];
    this.nodeWaitStart.push(ws);
    this.nodeWaitEnd.push(we);
    // The signature as finishNode would make it for copies: no symbol waited on directly.
    const sym = this.waitSymbol.data;
    let distinct = 0;
    let hash = 0x811c9dc5;
    for (let k = ws; k < we; k++) {
      const X = sym[k];
      if (k > ws && sym[k - 1] === X) continue;
      this.symScratch[distinct++] = X * 2;
      hash = Math.imul(hash ^ (X * 2), 0x01000193);
    }
    this.finishSignature(n, hash, distinct, false, this.nodeItemEnd[n] > this.nodeItemStart[n], pieces);
  }

  /** Whether fixed node `n` is reached only across blank space from one fixed node (it holds that node's items). */
  private isBlankCopy(n: number, isGap: boolean, incoming: readonly PendingEdge[]): boolean {
    if (isGap || n === 0 || incoming.length !== 1) return false;
    const only = incoming[0];
    return this.shareBlankNodes && only.crossing === 0 && this.separator[only.lexeme] === 1 && !this.nodeIsGap[only.from];
  }

  /** Opens node `key` (the next index): its per-node entries, an empty item set; returns its first item index. */
  private beginNode(key: number, isGap: boolean): number {
    this.stamp++;
    this.setSize = 0;
    const start = this.dotted.length;
    this.nodeKey.push(key);
    this.nodeItemStart.push(start);
    this.nodeArenaItem.push(start);
    this.nodeArenaWait.push(this.waitSymbol.length);
    this.nodeBlankAliasOf.push(-1);
    this.nodeIsGap.push(isGap);
    this.nodeColumn.push(NaN);
    this.nodeColumnReach.push(key);
    this.nodeClauseOff.push(NaN);
    this.nodesThisParse++;
    return start;
  }

  /** Item costs of the witness chart (lexemes its gaps must hold). */
  private readonly itemCost: number[] = [];

  /** processNode for the witness chart: one priority queue over scans, extras, closure and gap steps. */
  private processNodeByCost(pieces: readonly Piece[], key: number, incoming: PendingEdge[]): void {
    const t = this.tables;
    const g = t.grammar;
    const T = g.terminalCount;
    const n = this.nodeKey.length;
    const isGap = pieces[keyPiece(key)]?.kind === 'gap';
    const start = this.beginNode(key, isGap);
    this.nodeGapPid.push(0);
    this.nodeGapOf.push(-1);
    this.nodeGapSeparated.push(0);
    const cost = this.itemCost;
    if (this.isBlankCopy(n, isGap, incoming)) {
      // The node holds its source's items at their costs, in the same (cheapest first) order; their
      // closure was done there (see aliasNode; witnesses follow back-pointers, so this chart copies).
      const { from, lexeme } = incoming[0];
      for (let it = this.nodeItemStart[from]; it < this.nodeItemEnd[from]; it++) {
        const copy = this.add(this.dotted.data[it], this.origin.data[it], it, Cause.Extra, lexeme, from, n, 1);
        if (copy >= 0) cost[copy] = cost[it];
      }
      this.finishNode(n, start, isGap, pieces);
      return;
    }
    const heap = new GapHeap();
    if (n === 0) heap.push(0, t.acceptStartDotted, 0, -1, Cause.Start, 0, 0);
    for (const e of incoming) {
      // A lexeme that spans a gap boundary costs one more: whole lexemes in the gaps read better.
      if (e.crossing && !this.allowCrossing) continue;
      const extraCost = e.crossing;
      const from = e.from;
      if (g.lexemes[e.lexeme].extra) {
        const kind = e.crossing ? Cause.ExtraCrossing : Cause.Extra;
        for (let it = this.nodeItemStart[from]; it < this.nodeItemEnd[from]; it++) {
          heap.push(cost[it] + extraCost, this.dotted.data[it], this.origin.data[it], it, kind, e.lexeme, from, this.separator[e.lexeme]);
        }
        continue;
      }
      const scanKind = e.crossing ? Cause.ScanCrossing : Cause.Scan;
      const immediate = g.lexemes[e.lexeme].immediate;
      const [ws, we] = this.waiting(from, e.lexeme);
      for (let k = ws; k < we; k++) {
        const w = this.waitItem.data[k];
        if (immediate && this.afterExtras.data[w]) continue;
        heap.push(cost[w] + extraCost, this.dotted.data[w] + 1, this.origin.data[w], w, scanKind, e.lexeme, from, 0);
      }
      const pid = immediate ? this.nodePredictedDirect[from] : this.nodePredicted[from];
      if (pid !== 0) {
        const list = this.implicit(pid, e.lexeme, false, from);
        for (let k = 0; k < list.length; k++) heap.push(extraCost, list[k], from, -1, scanKind, e.lexeme, from, 0);
      }
    }
    const predicted = isGap ? new Uint8Array(t.symbolCount) : null;
    while (heap.size) {
      const c = heap.pop();
      const it = this.add(heap.d[c], heap.o[c], heap.prev[c], heap.kind[c], heap.cause[c], heap.from[c] < 0 ? n : heap.from[c], n, heap.extras[c]);
      if (it < 0) continue;
      const itCost = (cost[it] = heap.cost[c]);
      const d = this.dotted.data[it];
      const o = this.origin.data[it];
      const ex = this.afterExtras.data[it];
      const X = t.dottedNext[d];
      if (X >= 0) {
        if (predicted) {
          // After extras the gap's first lexeme cannot be immediate: a symbol that only starts with one
          // is absorbed empty or not at all (a string's content after a line break, then its close).
          if (!ex || t.startsLoose[X]) heap.push(itCost + t.shortestLength[X], d + 1, o, it, Cause.GapAbsorb, X, n, 0);
          else if (t.nullable[X]) heap.push(itCost, d + 1, o, it, Cause.GapAbsorb, X, n, ex);
          if (X >= T && !predicted[X]) {
            predicted[X] = 1;
            for (let k = t.rulesOfStart[X]; k < t.rulesOfStart[X + 1]; k++) heap.push(itCost, t.ruleDotted[t.rulesOf[k]], n, -1, Cause.Predict, X, n, 0);
          }
        } else if (t.nullable[X] && this.columnHolds(X, o, n)) {
          heap.push(itCost, d + 1, o, it, Cause.Nullable, X, n, ex);
        }
      } else if (o !== n && !this.swallowsFixedText(t.dottedLhs[d], o, n)) {
        const A = t.dottedLhs[d];
        const [ws, we] = this.waiting(o, A);
        for (let k = ws; k < we; k++) {
          const w = this.waitItem.data[k];
          heap.push(cost[w] + itCost, this.dotted.data[w] + 1, this.origin.data[w], w, Cause.Complete, it, n, ex);
        }
        const pid = this.nodePredicted[o];
        if (pid !== 0) {
          const list = this.implicit(pid, A, false, o);
          for (let k = 0; k < list.length; k++) heap.push(itCost, list[k], o, -1, Cause.Complete, it, n, ex);
        }
      }
    }
    this.finishNode(n, start, isGap, pieces);
  }

  /** Closes the items from index `from` on; returns the index up to which all are processed. */
  private closeFixed(n: number, from: number): number {
    const t = this.tables;
    let it = from;
    for (; it < this.dotted.length; it++) {
      const d = this.dotted.data[it];
      const o = this.origin.data[it];
      const X = t.dottedNext[d];
      if (X >= 0) {
        if (t.nullable[X] && this.columnHolds(X, o, n)) this.add(d + 1, o, it, Cause.Nullable, X, n, n, this.afterExtras.data[it]);
      } else if (o !== n && !this.swallowsFixedText(t.dottedLhs[d], o, n)) {
        this.advanceWaiting(o, t.dottedLhs[d], Cause.Complete, it, n, n, this.afterExtras.data[it]);
      }
    }
    return it;
  }

  /**
   * Saturates a gap node. Items are added cheapest first (Dijkstra on "lexemes the gap must hold": an
   * absorbed symbol costs its shortest yield), so the first way each item is made — the one witnesses
   * follow — is a shortest one.
   */
  private saturateGap(n: number, from: number): number {
    // Only items that began before the gap are explicit here; what the gap predicts stays implicit
    // (the node's predicted set, read at any rule position): materialising every dotted rule of a
    // large grammar at each gap would dominate the cost of a check.
    const t = this.tables;
    const base = this.nodeItemStart[n];
    const heap = new GapHeap();
    const costs = this.gapCosts;
    const expand = (it: number) => {
      const cost = costs[it - base];
      const d = this.dotted.data[it];
      const o = this.origin.data[it];
      const ex = this.afterExtras.data[it];
      const X = t.dottedNext[d];
      if (X >= 0) {
        // After extras the gap's first lexeme cannot be immediate: a symbol that only starts with one
        // is absorbed empty or not at all (a string's content after a line break, then its close).
        if (!ex || t.startsLoose[X]) heap.push(cost + t.shortestLength[X], d + 1, o, it, Cause.GapAbsorb, X);
        else if (t.nullable[X]) heap.push(cost, d + 1, o, it, Cause.GapAbsorb, X, -1, ex);
      } else if (o !== n && !this.swallowsFixedText(t.dottedLhs[d], o, n)) {
        const A = t.dottedLhs[d];
        const [ws, we] = this.waiting(o, A);
        const wi = this.waitItem.data;
        for (let k = ws; k < we; k++) heap.push(cost, this.dotted.data[wi[k]] + 1, this.origin.data[wi[k]], wi[k], Cause.Complete, it, -1, ex);
        const pid = this.nodePredicted[o];
        if (pid !== 0) {
          const list = this.implicit(pid, A, this.nodeIsGap[o], o);
          for (let k = 0; k < list.length; k++) heap.push(cost, list[k], o, -1, Cause.Complete, it, -1, ex);
        }
        const gapPid = this.nodeGapPid[o];
        if (gapPid !== 0) {
          const list = this.implicit(gapPid, A, true);
          const gapNode = this.nodeGapOf[o];
          for (let k = 0; k < list.length; k++) heap.push(cost, list[k], gapNode, -1, Cause.Complete, it, -1, ex);
        }
      }
    };
    for (let it = from; it < this.dotted.length; it++) {
      costs[it - base] = 0;
      expand(it);
    }
    while (heap.size) {
      const c = heap.pop();
      const it = this.add(heap.d[c], heap.o[c], heap.prev[c], heap.kind[c], heap.cause[c], n, n, heap.extras[c]);
      if (it < 0) continue;
      costs[it - base] = heap.cost[c];
      expand(it);
    }
    return this.dotted.length;
  }

  private finishNode(n: number, start: number, isGap: boolean, pieces: readonly Piece[]): void {
    const t = this.tables;
    const end = this.dotted.length;
    this.nodeItemEnd.push(end);
    // Wait index, sorted by symbol.
    if (this.scratch.length < end - start) this.scratch = new Float64Array(2 * (end - start));
    let count = 0;
    for (let it = start; it < end; it++) {
      const X = t.dottedNext[this.dotted.data[it]];
      if (X >= 0) this.scratch[count++] = X * 4194304 + (it - start);
    }
    const sorted = this.scratch.subarray(0, count).sort();
    this.nodeWaitStart.push(this.waitSymbol.length);
    for (let k = 0; k < sorted.length; k++) {
      const v = sorted[k];
      const X = Math.floor(v / 4194304);
      this.waitSymbol.push(X);
      this.waitItem.push(start + (v - X * 4194304));
    }
    this.nodeWaitEnd.push(this.waitSymbol.length);
    // The node's signature: the distinct symbols its items wait on. Nodes with the same signature share
    // the predicted set and the lex mode, so both are computed once per signature.
    // Each entry is symbol·2 + 1 when some item waiting on it did not come across extras.
    let distinct = 0;
    let hash = isGap ? 0x1234567 : 0x811c9dc5;
    for (let k = 0; k < sorted.length; ) {
      const X = Math.floor(sorted[k] / 4194304);
      let direct = 0;
      for (; k < sorted.length && Math.floor(sorted[k] / 4194304) === X; k++) {
        if (!this.afterExtras.data[start + (sorted[k] - X * 4194304)]) direct = 1;
      }
      this.symScratch[distinct++] = X * 2 + direct;
      hash = Math.imul(hash ^ (X * 2 + direct), 0x01000193);
    }
    this.finishSignature(n, hash, distinct, isGap, end > start, pieces);
  }

  /** Predicted sets and lexing of node `n`, whose items wait on symScratch[0..distinct) (hash: their hash so far). */
  private finishSignature(n: number, hash: number, distinct: number, isGap: boolean, hasItems: boolean, pieces: readonly Piece[]): void {
    const gapPid = this.nodeGapPid[n];
    hash = Math.imul(hash ^ (gapPid + 0x5bd1e995), 0x01000193);
    const signature = this.signatureFor(hash, distinct, isGap, gapPid);
    this.nodePredicted.push(hasItems ? signature.pid : 0);
    this.nodePredictedDirect.push(hasItems ? signature.pidDirect : 0);
    if (hasItems) {
      if (!isGap && this.zeroWidthLexemes.length) this.queueZeroWidth(n, pieces);
      const mode = signature.mode;
      const edges = this.lattice.edgesFrom(pieces, this.nodeKey[n], mode);
      this.nodeEdges.push(edges);
      for (let k = 0; k < edges.lexemes.length; k++) {
        this.queue(edges.targets[k], { from: n, lexeme: edges.lexemes[k], crossing: edges.crossing[k] });
      }
    } else {
      this.nodeEdges.push(null);
    }
  }

  /** Scans the zero-width lexemes that stand at fixed node `n` (see zeroWidthLexemes). */
  private queueZeroWidth(n: number, pieces: readonly Piece[]): void {
    const key = this.nodeKey[n];
    const fraction = key - Math.floor(key);
    if (fraction > 0.9) return; // three zero-width tokens in a row at most
    const next = this.lattice.nextAfterBlanks(pieces, key);
    const target = key + (1 - fraction) / 2;
    for (const l of this.zeroWidthLexemes) {
      // Before a gap, the gap holds the lexeme's own text instead (and a witness writes it there).
      const stands = next.kind === 'end' ? !!l.atEndOfInput : next.kind === 'char' && !!l.zeroWidthBefore?.includes(next.char);
      if (stands) this.queue(target, { from: n, lexeme: l.id, crossing: 0 });
    }
  }

  private readonly implicitTerminalsCache = new Map<number, Uint8Array>();
  private symScratch = new Int32Array(1 << 16);
  private readonly signatures = new Map<number, Array<{ syms: Int32Array; gap: boolean; gapPid: number; pid: number; pidDirect: number; mode: LexMode }>>();

  /** Predicted set and lex mode of a node whose items wait on symScratch[0..count). */
  private signatureFor(hash: number, count: number, isGap: boolean, gapPid: number): { pid: number; pidDirect: number; mode: LexMode } {
    let bucket = this.signatures.get(hash);
    if (!bucket) this.signatures.set(hash, (bucket = []));
    const syms = this.symScratch;
    for (const e of bucket) {
      if (e.gap !== isGap || e.gapPid !== gapPid || e.syms.length !== count) continue;
      let same = true;
      for (let k = 0; k < count && same; k++) same = e.syms[k] === syms[k];
      if (same) return e;
    }
    const t = this.tables;
    const T = t.grammar.terminalCount;
    let pid = 0;
    let pidDirect = 0;
    if (isGap && !this.forWitness) {
      // A gap predicts every nonterminal reachable through any position of what its items wait on.
      const words = t.words;
      const bits = new Uint32Array(words);
      let any = false;
      for (let k = 0; k < count; k++) {
        const X = syms[k] >> 1;
        if (X < T) continue;
        const base = X * words;
        for (let w = 0; w < words; w++) bits[w] |= t.anyCorner[base + w];
        any = true;
      }
      if (any) pid = pidDirect = this.intern(bits);
    } else if (!isGap) {
      // Implicit predictions: the left-corner closures of the nonterminals waited on.
      const words = t.words;
      const bits = new Uint32Array(words);
      const direct = new Uint32Array(words);
      let any = false;
      let anyDirect = false;
      for (let k = 0; k < count; k++) {
        const X = syms[k] >> 1;
        if (X < T) continue;
        const base = X * words;
        for (let w = 0; w < words; w++) bits[w] |= t.leftCorner[base + w];
        any = true;
        if (syms[k] & 1) {
          for (let w = 0; w < words; w++) direct[w] |= t.leftCorner[base + w];
          anyDirect = true;
        }
      }
      if (any) pid = this.intern(bits);
      if (anyDirect) pidDirect = this.intern(direct);
    }
    const allowed = new Uint8Array(T);
    for (let k = 0; k < count && syms[k] >> 1 < T; k++) allowed[syms[k] >> 1] = 1;
    if (pid !== 0) {
      const implicitTerminals = this.implicitTerminals(pid, isGap);
      for (let x = 0; x < T; x++) allowed[x] |= implicitTerminals[x];
    }
    if (gapPid !== 0) {
      const implicitTerminals = this.implicitTerminals(gapPid, true);
      for (let x = 0; x < T; x++) allowed[x] |= implicitTerminals[x];
    }
    const entry = { syms: syms.slice(0, count), gap: isGap, gapPid, pid, pidDirect, mode: this.lattice.modeFor(allowed) };
    bucket.push(entry);
    return entry;
  }

  /** Terminals that start some rule predicted in set `pid`. */
  private implicitTerminals(pid: number, anyPosition: boolean): Uint8Array {
    const key = pid * 2 + (anyPosition ? 1 : 0);
    let m = this.implicitTerminalsCache.get(key);
    if (!m) {
      const T = this.tables.grammar.terminalCount;
      m = new Uint8Array(T);
      for (let x = 0; x < T; x++) if (this.implicit(pid, x, anyPosition).length) m[x] = 1;
      this.implicitTerminalsCache.set(key, m);
    }
    return m;
  }

  private intern(bits: Uint32Array): number {
    let hash = 0x811c9dc5;
    for (let w = 0; w < bits.length; w++) hash = Math.imul(hash ^ bits[w], 0x01000193);
    let bucket = this.predictedIds.get(hash);
    if (!bucket) this.predictedIds.set(hash, (bucket = []));
    for (const id of bucket) {
      const other = this.predictedSets[id];
      let same = true;
      for (let w = 0; w < bits.length && same; w++) same = other[w] === bits[w];
      if (same) return id;
    }
    const id = this.predictedSets.length;
    this.predictedSets.push(bits);
    bucket.push(id);
    return id;
  }

  /** The furthest node with live items (for diagnosis), or -1. */
  furthestLiveNode(): number {
    for (let n = this.nodeKey.length - 1; n >= 0; n--) if (this.nodeItemEnd[n] > this.nodeItemStart[n]) return n;
    return -1;
  }

  /** Lexemes the parser could take next at node `n`. */
  expectedAt(n: number): number[] {
    const t = this.tables;
    const T = t.grammar.terminalCount;
    const out: number[] = [];
    const pid = this.nodePredicted[n];
    for (let lx = 0; lx < T; lx++) {
      if (t.grammar.lexemes[lx].extra) continue;
      const [ws, we] = this.waiting(n, lx);
      const gapPid = this.nodeGapPid[n];
      if (we > ws || (pid !== 0 && this.implicit(pid, lx, this.nodeIsGap[n]).length > 0) || (gapPid !== 0 && this.implicit(gapPid, lx, true).length > 0)) out.push(lx);
    }
    return out;
  }

  /** Largest key any kept node's lexing, or its statement column, read. */
  nodeReach(n: number): number {
    return Math.max(this.nodeEdges[n]?.reachKey ?? this.nodeKey[n], this.nodeColumnReach[n]);
  }

  /**
   * Whether an item with origin `o` may pass nullable symbol X at node `n`: true but for the column
   * symbols, which hold where the statement after `n` starts in the column the one after `o` does, or
   * in firstColumn (gaps may decide either).
   */
  private columnHolds(X: number, o: number, n: number): boolean {
    if (X === this.sameColumnSymbol) return o === n || columnsAgree(this.columnAfter(o), this.columnAfter(n));
    if (X === this.deeperColumnSymbol) return this.deeperThanHeader(o, this.columnAfter(n));
    if (X === this.clauseColumnSymbol) return this.alignedWithHeader(o, this.columnAfter(n));
    if (X === this.columnZeroSymbol) return columnsAgree(this.columnAfter(n), this.firstColumn);
    return true;
  }

  /**
   * fixedTextIntact: whether a literal (LanguageLowering.literalRules) from node `o` to `n` begins in a
   * hole (or in blank space just before one) and runs on into the fixed text after that hole past its
   * leading word. Such a completion is dropped, as the lattice drops a single-token literal that would.
   */
  private swallowsFixedText(A: number, o: number, n: number): boolean {
    if (!this.literalSymbols || !this.literalSymbols[A]) return false;
    const pieces = this.pieces;
    const originKey = this.nodeKey[o];
    let piece = keyPiece(originKey);
    const first = pieces[piece];
    if (first?.kind === 'text' && first.sourceOffset !== null) {
      // Begun in fixed text, unless only blank space lies between its start and a hole.
      if (/\S/.test(first.text.slice(keyOffset(originKey)))) return false;
      const next = pieces[piece + 1];
      if (!next || (next.kind === 'text' && next.sourceOffset !== null)) return false;
      piece++;
    }
    for (let f = piece + 1; f < pieces.length; f++) {
      const p = pieces[f];
      if (p.kind === 'text' && p.sourceOffset !== null) return this.nodeKey[n] > nodeKey(f, this.lattice.wordPrefixOf(p));
    }
    return false;
  }

  /**
   * DEEPER_COLUMN_RULE: whether a block whose first statement starts in column `body` may belong to the
   * suite that began at node `suite` (right after its header's `:`). The header's column is the statement
   * column at the origin of what waits there on the suite (the compound statement; a helper that starts
   * mid-line reads as unknown, and the search goes one level further up). Refuses only where every way
   * up finds a known column at least as deep as the body: an unknown anywhere (a gap, a continuation
   * line, a prediction) lets it pass.
   */
  private deeperThanHeader(suite: number, body: number): boolean {
    if (body === UNKNOWN_COLUMN || this.nodeIsGap[suite]) return true;
    const suites = this.deeperColumnLhs;
    for (let k = 0; k < suites.length; k++) if (this.headersAllow(suite, suites[k], body, 3, false)) return true;
    return false;
  }

  /**
   * CLAUSE_COLUMN_RULE: whether a clause starting in column `clause` may belong to the compound statement
   * whose tail began at node `tail` (after its block, or an earlier clause): the header is found as
   * deeperThanHeader finds it (the grammar's passes split `for ... : block else_clause` over helpers
   * four deep), and must be in the same column.
   */
  /** Whether a clause right after node `n` is out of line with its statement's header (cached per node). */
  private clauseOff(n: number): boolean {
    let off = this.nodeClauseOff[n];
    if (Number.isNaN(off)) off = this.nodeClauseOff[n] = this.alignedWithHeader(n, this.columnAfter(n)) ? 0 : 1;
    return off === 1;
  }

  private alignedWithHeader(tail: number, clause: number): boolean {
    if (clause === UNKNOWN_COLUMN || this.nodeIsGap[tail]) return true;
    // Only the helpers something waits on here: another one (`elif`'s repetition after a `for`) has no
    // parents at this node, which headersAllow reads as unknown.
    const tails = this.clauseColumnLhs;
    let waitedOn = false;
    for (let k = 0; k < tails.length; k++) {
      if (!this.headersAllow(tail, tails[k], clause, 6, true, true)) continue;
      waitedOn = true;
      if (this.headersAllow(tail, tails[k], clause, 6, true)) return true;
    }
    return !waitedOn;
  }

  /**
   * Whether something at node `n` that `symbol` may begin (an item waiting on it, or on a nonterminal
   * whose left corners include it: a prediction's parents) leads up to a header shallower than `body`
   * (`same`: in the column `body`), or to an unknown column. No such parent: unknown. A parent that
   * begins at `n` itself (a repetition's own item) is no header. `anyParent`: only whether there is one.
   */
  private headersAllow(n: number, symbol: number, body: number, depth: number, same: boolean, anyParent = false): boolean {
    if (depth === 0 || this.nodeIsGap[n] || this.nodeGapPid[n] !== 0) return true;
    const t = this.tables;
    const T = t.grammar.terminalCount;
    const bit = 1 << (symbol & 31);
    const word = symbol >>> 5;
    let parents = 0;
    for (let k = this.nodeWaitStart[n]; k < this.nodeWaitEnd[n]; k++) {
      const X = this.waitSymbol.data[k];
      if (X !== symbol && !(X >= T && t.leftCorner[X * t.words + word] & bit)) continue;
      const w = this.waitItem.data[k];
      const o = this.origin.data[w];
      if (same && o === n) continue;
      if (anyParent) return true;
      parents++;
      const header = this.nodeIsGap[o] ? UNKNOWN_COLUMN : same ? this.headerColumnAt(o) : this.columnAfter(o);
      if (header === UNKNOWN_COLUMN ? this.headersAllow(o, t.dottedLhs[this.dotted.data[w]], body, depth - 1, same) : same ? header === body : header < body) return true;
    }
    return !anyParent && parents === 0;
  }

  /**
   * The column of the statement that begins at node `o` where it begins on `o`'s own line, else unknown:
   * a helper's origin right after a header's `:` is followed by the block's first statement, no header.
   */
  private headerColumnAt(o: number): number {
    const column = this.columnAfter(o);
    return column !== UNKNOWN_COLUMN && lineBreakBetween(this.pieces, this.nodeKey[o], this.nodeColumnReach[o]) ? UNKNOWN_COLUMN : column;
  }

  private columnAfter(n: number): number {
    let column = this.nodeColumn[n];
    if (Number.isNaN(column)) {
      const found = statementColumnAt(this.pieces, this.nodeKey[n], this.lineComment);
      column = this.nodeColumn[n] = found.column;
      this.nodeColumnReach[n] = Math.max(this.nodeColumnReach[n], found.reachKey);
    }
    return column;
  }
}

const literalSymbolsCache = new WeakMap<ParseTables, Uint8Array | null>();

/** LanguageLowering.literalRules as a per-symbol flag; null where the language has none. */
function literalSymbolsFor(tables: ParseTables): Uint8Array | null {
  if (literalSymbolsCache.has(tables)) return literalSymbolsCache.get(tables)!;
  const g = tables.grammar;
  let flags: Uint8Array | null = null;
  for (const name of languageLowering(g.language)?.literalRules ?? []) {
    const s = g.symbolNames.indexOf(name);
    if (s < g.terminalCount) continue; // one token: the lattice limits it
    flags ??= new Uint8Array(tables.symbolCount);
    flags[s] = 1;
  }
  literalSymbolsCache.set(tables, flags);
  return flags;
}

/** What the column symbols need of the parse tables (statementColumns), worked out once per grammar. */
interface ColumnTables {
  readonly sameColumnSymbol: number;
  readonly deeperColumnSymbol: number;
  readonly deeperColumnLhs: Int32Array;
  readonly clauseColumnSymbol: number;
  readonly clauseColumnLhs: Int32Array;
  readonly clauseColumnPrefix: Uint8Array | null;
  readonly clauseStarts: Uint8Array | null;
  readonly columnZeroSymbol: number;
  readonly columnZeroPrefix: Uint8Array | null;
  readonly lineComment: string;
}

const columnTablesCache = new WeakMap<ParseTables, ColumnTables>();

function columnTablesFor(tables: ParseTables): ColumnTables {
  let found = columnTablesCache.get(tables);
  if (!found) {
    const g = tables.grammar;
    const columns = languageLowering(g.language)?.statementColumns;
    const symbol = (name: string) => {
      const s = g.symbolNames.indexOf(name);
      return columns && s >= g.terminalCount ? s : -1;
    };
    /** Per dotted rule: 1 where the symbols before the dot include `column` (null: no such symbol). */
    const prefixOf = (column: number) => {
      if (column < 0) return null;
      const prefix = new Uint8Array(tables.dottedCount);
      for (let d = 0; d < tables.dottedCount; d++) {
        const start = tables.ruleRhsStart[tables.dottedRule[d]];
        for (let p = 0; p < tables.dottedPos[d]; p++) if (tables.rhs[start + p] === column) prefix[d] = 1;
      }
      return prefix;
    };
    const columnZeroSymbol = symbol(COLUMN_ZERO_RULE);
    const columnZeroPrefix = prefixOf(columnZeroSymbol);
    /** The nonterminals with `column` in a production. */
    const lhsOf = (column: number) => {
      const lhs = new Set<number>();
      for (let r = 0; column >= 0 && r < tables.ruleCount; r++) {
        for (let p = tables.ruleRhsStart[r]; p < tables.ruleRhsStart[r + 1]; p++) if (tables.rhs[p] === column) lhs.add(tables.ruleLhs[r]);
      }
      return Int32Array.from(lhs);
    };
    const deeperColumnSymbol = symbol(DEEPER_COLUMN_RULE);
    const clauseColumnSymbol = symbol(CLAUSE_COLUMN_RULE);
    const clauseColumnPrefix = prefixOf(clauseColumnSymbol);
    let clauseStarts: Uint8Array | null = null;
    if (clauseColumnPrefix) {
      clauseStarts = new Uint8Array(tables.symbolCount);
      for (let X = 0; X < tables.symbolCount; X++) {
        for (let k = tables.afterFirstStart[X]; k < tables.afterFirstStart[X + 1]; k++) if (clauseColumnPrefix[tables.afterFirst[k]]) clauseStarts[X] = 1;
      }
    }
    found = {
      sameColumnSymbol: symbol(SAME_COLUMN_RULE),
      deeperColumnSymbol,
      deeperColumnLhs: lhsOf(deeperColumnSymbol),
      clauseColumnSymbol,
      clauseColumnLhs: lhsOf(clauseColumnSymbol),
      clauseColumnPrefix,
      clauseStarts,
      columnZeroSymbol,
      columnZeroPrefix,
      lineComment: columns?.lineComment ?? '',
    };
    columnTablesCache.set(tables, found);
  }
  return found;
}

/** Candidate items of a gap node, cheapest first. */
class GapHeap {
  cost: number[] = [];
  d: number[] = [];
  o: number[] = [];
  prev: number[] = [];
  kind: Cause[] = [];
  cause: number[] = [];
  from: number[] = [];
  extras: number[] = [];
  private heap: number[] = [];

  /** Cheaper first; among equals, the one pushed first (the plainer derivation). */
  private less(a: number, b: number): boolean {
    return this.cost[a] < this.cost[b] || (this.cost[a] === this.cost[b] && a < b);
  }

  get size(): number {
    return this.heap.length;
  }

  push(cost: number, d: number, o: number, prev: number, kind: Cause, cause: number, from = -1, extras = 0): void {
    const id = this.cost.length;
    this.cost.push(cost);
    this.d.push(d);
    this.o.push(o);
    this.prev.push(prev);
    this.kind.push(kind);
    this.cause.push(cause);
    this.from.push(from);
    this.extras.push(extras);
    const h = this.heap;
    let i = h.length;
    h.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(id, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = id;
  }

  pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.less(h[r], h[l]) ? r : l;
        if (!this.less(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
