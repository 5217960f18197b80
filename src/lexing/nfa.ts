// One Thompson NFA over all lexemes of a grammar. Transitions are on character-class ids: the code-point
// space is cut into classes such that every character set of every lexeme is a union of whole classes, so
// the DFA built from it needs one transition per (state, class) instead of one per code point.
import type { Lexeme, RegexNode } from '../grammar/compiled';
import { MAX_CODE_POINT } from '../grammar/regex';

export const enum NfaKind {
  /** Reads one code point of the state's class set, then goes to `next`. */
  Char = 0,
  /** Epsilon moves to every target in `splitTargets`. */
  Split = 1,
  /** The lexeme `lexemeOf` has matched. */
  Accept = 2,
}

/** Largest NFA this builder makes (repeats are expanded, so a pathological {m,n} could explode). */
export const MAX_NFA_STATES = 2_000_000;

/** The partition of code points into classes. */
export class CharClasses {
  /** Class of each ASCII code point (the hot path). */
  readonly ascii: Int32Array;
  /** Starts of the intervals of the partition, sorted; interval i is [intervalStart[i], intervalStart[i+1]). */
  readonly intervalStart: Int32Array;
  readonly intervalClass: Int32Array;
  readonly count: number;

  constructor(charSets: readonly (readonly number[])[]) {
    // Cut points: every set starts and ends at an interval boundary.
    const cuts = new Set<number>([0]);
    for (const ranges of charSets) {
      for (let i = 0; i < ranges.length; i += 2) {
        cuts.add(ranges[i]);
        if (ranges[i + 1] < MAX_CODE_POINT) cuts.add(ranges[i + 1] + 1);
      }
    }
    const starts = Int32Array.from(cuts).sort();
    // Signature of each interval: which sets contain it. Intervals with equal signatures share a class.
    const signatures: number[][] = Array.from({ length: starts.length }, () => []);
    charSets.forEach((ranges, setId) => {
      let k = 0;
      for (let i = 0; i < ranges.length; i += 2) {
        while (starts[k] < ranges[i]) k++;
        while (k < starts.length && starts[k] <= ranges[i + 1]) signatures[k++].push(setId);
      }
    });
    const classOfSignature = new Map<string, number>();
    this.intervalStart = starts;
    this.intervalClass = new Int32Array(starts.length);
    for (let k = 0; k < starts.length; k++) {
      const key = signatures[k].join(',');
      let cls = classOfSignature.get(key);
      if (cls === undefined) classOfSignature.set(key, (cls = classOfSignature.size));
      this.intervalClass[k] = cls;
    }
    this.count = classOfSignature.size;
    this.ascii = new Int32Array(128);
    for (let cp = 0; cp < 128; cp++) this.ascii[cp] = this.classOfSlow(cp);
  }

  classOf(cp: number): number {
    return cp < 128 ? this.ascii[cp] : this.classOfSlow(cp);
  }

  private classOfSlow(cp: number): number {
    return this.intervalClass[this.intervalOf(cp)];
  }

  /** Index of the interval holding cp. */
  private intervalOf(cp: number): number {
    const starts = this.intervalStart;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= cp) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Class ids covering a character set (one the partition was built from, or any union of classes). */
  classesOf(ranges: readonly number[]): number[] {
    const out = new Set<number>();
    for (let i = 0; i < ranges.length; i += 2) {
      for (let k = this.intervalOf(ranges[i]); k < this.intervalStart.length && this.intervalStart[k] <= ranges[i + 1]; k++) {
        out.add(this.intervalClass[k]);
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}

export interface NfaStats {
  readonly states: number;
  readonly charClasses: number;
  readonly classSets: number;
}

/** The NFA in flat arrays. State ids are dense; only states reachable from a start and co-reachable to an
 * accept are "useful" (see `useful`), the others are never put into a DFA state. */
export class LexerNfa {
  readonly kind: Uint8Array;
  /** Char: the successor. */
  readonly next: Int32Array;
  /** Char: index into classSets. */
  readonly classSet: Int32Array;
  /** Distinct class sets as membership bitmaps over class ids. */
  readonly classSets: readonly Uint8Array[];
  /** Split: targets splitTargets[splitStart[s] .. splitStart[s+1]). */
  readonly splitStart: Int32Array;
  readonly splitTargets: Int32Array;
  /** The lexeme each state belongs to. */
  readonly lexemeOf: Int32Array;
  /** Start state per lexeme. */
  readonly lexemeStart: Int32Array;
  /** 1 where the state is reachable from a lexeme start and can reach that lexeme's accept. */
  readonly useful: Uint8Array;
  readonly classes: CharClasses;

  constructor(lexemes: readonly Lexeme[]) {
    const charSets = collectCharSets(lexemes);
    this.classes = new CharClasses(charSets.sets);
    const builder = new NfaBuilder(this.classes, charSets.index);
    const starts = new Int32Array(lexemes.length);
    for (const lexeme of lexemes) {
      builder.currentLexeme = lexeme.id;
      const accept = builder.add(NfaKind.Accept, -1, -1, []);
      starts[lexeme.id] = builder.compile(lexeme.regex, accept);
    }
    const n = builder.kinds.length;
    this.kind = Uint8Array.from(builder.kinds);
    this.next = Int32Array.from(builder.nexts);
    this.classSet = Int32Array.from(builder.classSetOfState);
    this.classSets = builder.classSetBitmaps;
    this.lexemeOf = Int32Array.from(builder.lexemes);
    this.lexemeStart = starts;
    this.splitStart = new Int32Array(n + 1);
    let total = 0;
    for (let s = 0; s < n; s++) {
      this.splitStart[s] = total;
      total += builder.splits[s].length;
    }
    this.splitStart[n] = total;
    this.splitTargets = new Int32Array(total);
    for (let s = 0; s < n; s++) this.splitTargets.set(builder.splits[s], this.splitStart[s]);
    this.useful = this.computeUseful();
  }

  get stateCount(): number {
    return this.kind.length;
  }

  stats(): NfaStats {
    return { states: this.stateCount, charClasses: this.classes.count, classSets: this.classSets.length };
  }

  /** Successors of s by one move (a Char move on any class, or an epsilon move). */
  forEachSuccessor(s: number, visit: (t: number) => void): void {
    if (this.kind[s] === NfaKind.Char) {
      if (this.classSets[this.classSet[s]].includes(1)) visit(this.next[s]);
    } else if (this.kind[s] === NfaKind.Split) {
      for (let i = this.splitStart[s]; i < this.splitStart[s + 1]; i++) visit(this.splitTargets[i]);
    }
  }

  private computeUseful(): Uint8Array {
    const n = this.stateCount;
    const forward = new Uint8Array(n);
    const stack: number[] = [];
    for (const s of this.lexemeStart) {
      if (!forward[s]) {
        forward[s] = 1;
        stack.push(s);
      }
    }
    // Predecessor lists for the backward search.
    const predCount = new Int32Array(n + 1);
    const edges: number[] = [];
    while (stack.length) {
      const s = stack.pop()!;
      this.forEachSuccessor(s, (t) => {
        edges.push(s, t);
        if (!forward[t]) {
          forward[t] = 1;
          stack.push(t);
        }
      });
    }
    for (let i = 1; i < edges.length; i += 2) predCount[edges[i] + 1]++;
    for (let s = 0; s < n; s++) predCount[s + 1] += predCount[s];
    const preds = new Int32Array(edges.length >> 1);
    const fill = predCount.slice(0, n);
    for (let i = 0; i < edges.length; i += 2) preds[fill[edges[i + 1]]++] = edges[i];
    const useful = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      if (forward[s] && this.kind[s] === NfaKind.Accept) {
        useful[s] = 1;
        stack.push(s);
      }
    }
    while (stack.length) {
      const t = stack.pop()!;
      for (let i = predCount[t]; i < predCount[t + 1]; i++) {
        const s = preds[i];
        if (!useful[s]) {
          useful[s] = 1;
          stack.push(s);
        }
      }
    }
    return useful;
  }
}

/** Every distinct character set of the lexemes, and a map from its key to its index. */
function collectCharSets(lexemes: readonly Lexeme[]): { sets: number[][]; index: Map<string, number> } {
  const index = new Map<string, number>();
  const sets: number[][] = [];
  const visit = (node: RegexNode): void => {
    switch (node.kind) {
      case 'chars': {
        const key = node.ranges.join(',');
        if (!index.has(key)) {
          index.set(key, sets.length);
          sets.push(node.ranges.slice());
        }
        return;
      }
      case 'seq':
      case 'alt':
        return node.items.forEach(visit);
      case 'repeat':
        return visit(node.item);
      case 'empty':
        return;
    }
  };
  lexemes.forEach((l) => visit(l.regex));
  return { sets, index };
}

class NfaBuilder {
  readonly kinds: number[] = [];
  readonly nexts: number[] = [];
  readonly classSetOfState: number[] = [];
  readonly splits: number[][] = [];
  readonly lexemes: number[] = [];
  readonly classSetBitmaps: Uint8Array[] = [];
  /** Character-set index (collectCharSets) → class-set bitmap index. */
  private readonly bitmapOfSet = new Map<number, number>();
  currentLexeme = -1;

  constructor(
    private readonly classes: CharClasses,
    private readonly setIndex: ReadonlyMap<string, number>,
  ) {}

  add(kind: NfaKind, next: number, classSet: number, splits: number[]): number {
    if (this.kinds.length >= MAX_NFA_STATES) {
      throw new Error(`lexer NFA exceeds ${MAX_NFA_STATES} states (lexeme ${this.currentLexeme}): a repeat bound is too large`);
    }
    this.kinds.push(kind);
    this.nexts.push(next);
    this.classSetOfState.push(classSet);
    this.splits.push(splits);
    this.lexemes.push(this.currentLexeme);
    return this.kinds.length - 1;
  }

  private bitmapFor(ranges: readonly number[]): number {
    const setId = this.setIndex.get(ranges.join(','))!;
    let bitmap = this.bitmapOfSet.get(setId);
    if (bitmap === undefined) {
      const bits = new Uint8Array(this.classes.count);
      for (const cls of this.classes.classesOf(ranges)) bits[cls] = 1;
      bitmap = this.classSetBitmaps.length;
      this.classSetBitmaps.push(bits);
      this.bitmapOfSet.set(setId, bitmap);
    }
    return bitmap;
  }

  /** Builds `node` backwards: returns a state that matches node and then continues at `next`. */
  compile(node: RegexNode, next: number): number {
    switch (node.kind) {
      case 'empty':
        return next;
      case 'chars':
        return this.add(NfaKind.Char, next, this.bitmapFor(node.ranges), []);
      case 'seq': {
        let state = next;
        for (let i = node.items.length - 1; i >= 0; i--) state = this.compile(node.items[i], state);
        return state;
      }
      case 'alt':
        return this.add(NfaKind.Split, -1, -1, node.items.map((item) => this.compile(item, next)));
      case 'repeat': {
        let state: number;
        if (node.max === Infinity) {
          // X* as a loop: split → (X → split) | next.
          const loop = this.add(NfaKind.Split, -1, -1, []);
          this.splits[loop].push(this.compile(node.item, loop), next);
          state = loop;
        } else {
          // X{0,k} as nested options: (X (X (...)?)?)?, each option able to skip to `next`.
          state = next;
          for (let k = node.min; k < node.max; k++) state = this.add(NfaKind.Split, -1, -1, [this.compile(node.item, state), next]);
        }
        for (let k = 0; k < node.min; k++) state = this.compile(node.item, state);
        return state;
      }
    }
  }
}
