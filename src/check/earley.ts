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
import type { LatticeLexer, NodeEdges } from './lattice';
import { keyPiece } from './lattice';
import type { Piece } from './document';

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
  nodeWaitStart: number[] = [];
  nodeWaitEnd: number[] = [];
  nodeEdges: Array<NodeEdges | null> = [];
  nodeIsGap: boolean[] = [];
  // Items.
  readonly dotted = new GrowableInt32(1 << 14);
  readonly origin = new GrowableInt32(1 << 14);
  readonly prev = new GrowableInt32(1 << 14);
  readonly cause = new GrowableInt32(1 << 14); // child item, lexeme or symbol, by kind
  readonly causeKind = new GrowableInt32(1 << 14);
  readonly causeFrom = new GrowableInt32(1 << 14); // scan/extra: the node index the lexeme started at
  readonly itemNode = new GrowableInt32(1 << 14);
  // Per node: items waiting on a symbol, sorted by symbol.
  readonly waitSymbol = new GrowableInt32(1 << 14);
  readonly waitItem = new GrowableInt32(1 << 14);
  // Interned predicted sets and the rule lists they filter.
  private readonly predictedSets: Uint32Array[] = [];
  private readonly predictedIds = new Map<string, number>();
  private readonly implicitCache = new Map<number, Int32Array>();
  // Work in progress.
  private pending = new Map<number, PendingEdge[]>();
  private heap: number[] = [];
  private readonly current = new Map<number, number>();
  private finalKey = -1;
  itemsThisParse = 0;
  nodesThisParse = 0;

  constructor(
    readonly tables: ParseTables,
    readonly lattice: LatticeLexer,
  ) {
    this.predictedSets.push(new Uint32Array(tables.words));
    this.predictedIds.set('', 0);
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
      const itemCut = this.nodeItemStart[keep];
      const waitCut = this.nodeWaitStart[keep];
      this.dotted.length = this.origin.length = this.prev.length = this.cause.length = itemCut;
      this.causeKind.length = this.causeFrom.length = this.itemNode.length = itemCut;
      this.waitSymbol.length = this.waitItem.length = waitCut;
      for (const arr of [this.nodeKey, this.nodeItemStart, this.nodeItemEnd, this.nodePredicted, this.nodeWaitStart, this.nodeWaitEnd]) arr.length = keep;
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
      if ((this.nodesThisParse & 63) === 0 && (performance.now() - t0 > budget.maxMs || this.itemsThisParse > budget.maxItems)) {
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
    const n = this.nodeKey.length - 1;
    if (n < 0 || this.nodeKey[n] !== this.finalKey) return -1;
    for (let it = this.nodeItemStart[n]; it < this.nodeItemEnd[n]; it++) {
      if (this.dotted.data[it] === this.tables.acceptEndDotted && this.origin.data[it] === 0) return it;
    }
    return -1;
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

  private add(d: number, o: number, prev: number, kind: Cause, cause: number, from: number, node: number): void {
    const id = d * 4194304 + o;
    if (this.current.has(id)) return;
    const it = this.dotted.length;
    this.current.set(id, it);
    this.dotted.push(d);
    this.origin.push(o);
    this.prev.push(prev);
    this.causeKind.push(kind);
    this.cause.push(cause);
    this.causeFrom.push(from);
    this.itemNode.push(node);
    this.itemsThisParse++;
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
  private implicit(pid: number, symbol: number): Int32Array {
    const t = this.tables;
    const cacheKey = pid * t.symbolCount + symbol;
    let list = this.implicitCache.get(cacheKey);
    if (!list) {
      const bits = this.predictedSets[pid];
      const out: number[] = [];
      for (let k = t.afterFirstStart[symbol]; k < t.afterFirstStart[symbol + 1]; k++) {
        const d = t.afterFirst[k];
        const A = t.dottedLhs[d];
        if (bits[A >>> 5] & (1 << (A & 31))) out.push(d);
      }
      list = Int32Array.from(out);
      this.implicitCache.set(cacheKey, list);
    }
    return list;
  }

  /** Advances what waits on `symbol` at node `o` (explicit items and implicit predictions) into the current node. */
  private advanceWaiting(o: number, symbol: number, kind: Cause, cause: number, from: number, node: number): void {
    const [ws, we] = this.waiting(o, symbol);
    const wi = this.waitItem.data;
    for (let k = ws; k < we; k++) {
      const w = wi[k];
      this.add(this.dotted.data[w] + 1, this.origin.data[w], w, kind, cause, from, node);
    }
    const pid = this.nodePredicted[o];
    if (pid !== 0) {
      const list = this.implicit(pid, symbol);
      for (let k = 0; k < list.length; k++) this.add(list[k], o, -1, kind, cause, from, node);
    }
  }

  private processNode(pieces: readonly Piece[], key: number, incoming: PendingEdge[]): void {
    const t = this.tables;
    const n = this.nodeKey.length;
    const isGap = pieces[keyPiece(key)]?.kind === 'gap';
    this.current.clear();
    const start = this.dotted.length;
    this.nodeKey.push(key);
    this.nodeItemStart.push(start);
    this.nodeIsGap.push(isGap);
    this.nodesThisParse++;
    if (n === 0) this.add(t.acceptStartDotted, 0, -1, Cause.Start, 0, 0, 0);
    const lexemes = t.grammar.lexemes;
    for (const e of incoming) {
      const from = e.from;
      if (lexemes[e.lexeme].extra) {
        const kind = e.crossing ? Cause.ExtraCrossing : Cause.Extra;
        for (let it = this.nodeItemStart[from]; it < this.nodeItemEnd[from]; it++) {
          this.add(this.dotted.data[it], this.origin.data[it], it, kind, e.lexeme, from, n);
        }
        // Implicit predictions carry over through extras too: re-derive them from the copied items below.
      } else {
        this.advanceWaiting(from, e.lexeme, e.crossing ? Cause.ScanCrossing : Cause.Scan, e.lexeme, from, n);
      }
    }
    if (isGap) this.saturateGap(n);
    else this.closeFixed(n, start);
    this.finishNode(n, start, isGap, pieces);
  }

  private closeFixed(n: number, start: number): void {
    const t = this.tables;
    for (let it = start; it < this.dotted.length; it++) {
      const d = this.dotted.data[it];
      const o = this.origin.data[it];
      const X = t.dottedNext[d];
      if (X >= 0) {
        if (t.nullable[X]) this.add(d + 1, o, it, Cause.Nullable, X, n, n);
      } else if (o !== n) {
        this.advanceWaiting(o, t.dottedLhs[d], Cause.Complete, it, n, n);
      }
    }
  }

  private saturateGap(n: number): void {
    const t = this.tables;
    const predicted = new Uint8Array(t.symbolCount);
    const T = t.grammar.terminalCount;
    const start = this.nodeItemStart[n];
    for (let it = start; it < this.dotted.length; it++) {
      const d = this.dotted.data[it];
      const o = this.origin.data[it];
      const X = t.dottedNext[d];
      if (X >= 0) {
        this.add(d + 1, o, it, Cause.GapAbsorb, X, n, n);
        if (X >= T && !predicted[X]) {
          predicted[X] = 1;
          for (let k = t.rulesOfStart[X]; k < t.rulesOfStart[X + 1]; k++) {
            this.add(t.ruleDotted[t.rulesOf[k]], n, -1, Cause.Predict, X, n, n);
          }
        }
      } else if (o !== n) {
        this.advanceWaiting(o, t.dottedLhs[d], Cause.Complete, it, n, n);
      }
    }
  }

  private finishNode(n: number, start: number, isGap: boolean, pieces: readonly Piece[]): void {
    const t = this.tables;
    const end = this.dotted.length;
    this.nodeItemEnd.push(end);
    // Wait index, sorted by symbol.
    const pairs: number[] = [];
    for (let it = start; it < end; it++) {
      const X = t.dottedNext[this.dotted.data[it]];
      if (X >= 0) pairs.push(X * 4194304 + (it - start));
    }
    const sorted = Float64Array.from(pairs).sort();
    this.nodeWaitStart.push(this.waitSymbol.length);
    for (let k = 0; k < sorted.length; k++) {
      const v = sorted[k];
      const X = Math.floor(v / 4194304);
      this.waitSymbol.push(X);
      this.waitItem.push(start + (v - X * 4194304));
    }
    this.nodeWaitEnd.push(this.waitSymbol.length);
    // Predicted set (implicit predictions) — gaps predict explicitly.
    let pid = 0;
    if (!isGap && end > start) {
      const words = t.words;
      const bits = new Uint32Array(words);
      const T = t.grammar.terminalCount;
      let any = false;
      let lastX = -1;
      for (let k = 0; k < sorted.length; k++) {
        const X = Math.floor(sorted[k] / 4194304);
        if (X === lastX || X < T) continue;
        lastX = X;
        const base = X * words;
        for (let w = 0; w < words; w++) bits[w] |= t.leftCorner[base + w];
        any = true;
      }
      if (any) pid = this.intern(bits);
    }
    this.nodePredicted.push(pid);
    if (end > start) {
      const edges = this.lattice.edgesFrom(pieces, this.nodeKey[n]);
      this.nodeEdges.push(edges);
      for (let k = 0; k < edges.lexemes.length; k++) {
        this.queue(edges.targets[k], { from: n, lexeme: edges.lexemes[k], crossing: edges.crossing[k] });
      }
    } else {
      this.nodeEdges.push(null);
    }
  }

  private intern(bits: Uint32Array): number {
    let s = '';
    for (let w = 0; w < bits.length; w++) s += bits[w].toString(36) + ',';
    let id = this.predictedIds.get(s);
    if (id === undefined) {
      id = this.predictedSets.length;
      this.predictedSets.push(bits);
      this.predictedIds.set(s, id);
    }
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
      if (we > ws || (pid !== 0 && this.implicit(pid, lx).length > 0)) out.push(lx);
    }
    return out;
  }

  /** Largest key any kept node's lexing read. */
  nodeReach(n: number): number {
    return this.nodeEdges[n]?.reachKey ?? this.nodeKey[n];
  }
}
