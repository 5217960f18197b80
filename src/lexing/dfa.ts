// The lexer DFA over all lexemes, built lazily by subset construction from the NFA (nfa.ts). A DFA state is
// a set of "important" NFA states (Char and Accept states, after epsilon closure, useful states only),
// hash-consed to an integer id; transitions are filled in on first use, one row of class ids per state.
import type { CompiledGrammar } from '../grammar/compiled';
import { DEAD, type DfaState, type LexerAutomaton } from './automaton';
import { LexerNfa, NfaKind, type NfaStats } from './nfa';

const UNKNOWN = -2;

export interface LexerStats extends NfaStats {
  readonly dfaStates: number;
  /** Transitions computed so far (each one a subset construction step). */
  readonly transitionsBuilt: number;
  readonly buildMs: number;
}

export class LazyLexerDfa implements LexerAutomaton {
  readonly nfa: LexerNfa;
  readonly start: DfaState;
  readonly anywhere: DfaState;

  private readonly classCount: number;
  private readonly asciiClass: Int32Array;
  /** Per DFA state: its sorted NFA states. */
  private readonly sets: Int32Array[] = [];
  private readonly idOfSet = new Map<string, number>();
  /** transitions[state * classCount + class]: target, DEAD, or UNKNOWN. */
  private transitions: Int32Array;
  private readonly acceptsOf: Int32Array[] = [];
  private readonly liveOf: Int32Array[] = [];
  private readonly reachClosureOf: number[] = [];
  private transitionsBuilt = 0;
  private readonly buildMs: number;

  // Scratch for closures: a generation stamp per NFA state instead of clearing a set.
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly stack: number[] = [];

  constructor(readonly lexemeCount: number, nfa: LexerNfa) {
    const t0 = performance.now();
    this.nfa = nfa;
    this.classCount = nfa.classes.count;
    this.asciiClass = nfa.classes.ascii;
    this.stamp = new Int32Array(nfa.stateCount);
    this.transitions = new Int32Array(64 * this.classCount).fill(UNKNOWN);
    this.start = this.intern(this.closure(Array.from(nfa.lexemeStart)));
    const everything: number[] = [];
    for (let s = 0; s < nfa.stateCount; s++) if (nfa.useful[s]) everything.push(s);
    this.anywhere = this.intern(this.closure(everything));
    this.buildMs = performance.now() - t0;
  }

  get stateCount(): number {
    return this.sets.length;
  }

  stats(): LexerStats {
    return { ...this.nfa.stats(), dfaStates: this.stateCount, transitionsBuilt: this.transitionsBuilt, buildMs: this.buildMs };
  }

  step(state: DfaState, codePoint: number): DfaState {
    if (state < 0) return DEAD;
    const cls = codePoint < 128 ? this.asciiClass[codePoint] : this.nfa.classes.classOf(codePoint);
    const at = state * this.classCount + cls;
    const known = this.transitions[at];
    return known !== UNKNOWN ? known : this.buildTransition(state, cls);
  }

  accepts(state: DfaState): Int32Array {
    return state < 0 ? EMPTY_IDS : this.acceptsOf[state];
  }

  live(state: DfaState): Int32Array {
    return state < 0 ? EMPTY_IDS : this.liveOf[state];
  }

  reachClosure(state: DfaState): DfaState {
    if (state < 0) return DEAD;
    const cached = this.reachClosureOf[state];
    if (cached !== UNKNOWN) return cached;
    // Everything reachable by any moves; the closure of a closure is itself.
    const nfa = this.nfa;
    const gen = this.nextGeneration();
    const reached: number[] = [];
    const stack = this.stack;
    const push = (t: number): void => {
      if (this.stamp[t] !== gen && nfa.useful[t]) {
        this.stamp[t] = gen;
        reached.push(t);
        stack.push(t);
      }
    };
    for (const s of this.sets[state]) push(s);
    while (stack.length) nfa.forEachSuccessor(stack.pop()!, push);
    const id = this.intern(this.important(reached));
    this.reachClosureOf[state] = id;
    this.reachClosureOf[id] = id;
    return id;
  }

  /** The NFA states of a DFA state (for tests and debugging). */
  nfaStates(state: DfaState): Int32Array {
    return state < 0 ? EMPTY_IDS : this.sets[state];
  }

  private nextGeneration(): number {
    if (++this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /** Epsilon closure of `seeds`, restricted to useful states; returns its important states (unsorted). */
  private closure(seeds: Iterable<number>): number[] {
    const nfa = this.nfa;
    const gen = this.nextGeneration();
    const out: number[] = [];
    const stack = this.stack;
    for (const s of seeds) {
      if (this.stamp[s] !== gen && nfa.useful[s]) {
        this.stamp[s] = gen;
        stack.push(s);
      }
    }
    while (stack.length) {
      const s = stack.pop()!;
      if (nfa.kind[s] === NfaKind.Split) {
        for (let i = nfa.splitStart[s]; i < nfa.splitStart[s + 1]; i++) {
          const t = nfa.splitTargets[i];
          if (this.stamp[t] !== gen && nfa.useful[t]) {
            this.stamp[t] = gen;
            stack.push(t);
          }
        }
      } else {
        out.push(s);
      }
    }
    return out;
  }

  private important(states: number[]): number[] {
    return states.filter((s) => this.nfa.kind[s] !== NfaKind.Split);
  }

  /** The DFA id of a set of important NFA states (DEAD for the empty set). */
  private intern(states: number[]): DfaState {
    if (states.length === 0) return DEAD;
    const sorted = Int32Array.from(states).sort();
    const key = sorted.join(',');
    const known = this.idOfSet.get(key);
    if (known !== undefined) return known;
    const id = this.sets.length;
    this.sets.push(sorted);
    this.idOfSet.set(key, id);
    this.reachClosureOf.push(UNKNOWN);
    const accepts = new Set<number>();
    const live = new Set<number>();
    for (const s of sorted) {
      live.add(this.nfa.lexemeOf[s]);
      if (this.nfa.kind[s] === NfaKind.Accept) accepts.add(this.nfa.lexemeOf[s]);
    }
    this.acceptsOf.push(Int32Array.from(accepts).sort());
    this.liveOf.push(Int32Array.from(live).sort());
    const needed = (id + 1) * this.classCount;
    if (needed > this.transitions.length) {
      const grown = new Int32Array(Math.max(needed, this.transitions.length * 2)).fill(UNKNOWN);
      grown.set(this.transitions);
      this.transitions = grown;
    }
    return id;
  }

  private buildTransition(state: number, cls: number): DfaState {
    const nfa = this.nfa;
    const targets: number[] = [];
    for (const s of this.sets[state]) {
      if (nfa.kind[s] === NfaKind.Char && nfa.classSets[nfa.classSet[s]][cls]) targets.push(nfa.next[s]);
    }
    const target = this.intern(this.closure(targets));
    this.transitions[state * this.classCount + cls] = target;
    this.transitionsBuilt++;
    return target;
  }
}

const EMPTY_IDS = new Int32Array(0);

const compiled = new WeakMap<CompiledGrammar, LazyLexerDfa>();

/** The lexer automaton of a grammar, built once per grammar object. */
export function compileLexer(grammar: CompiledGrammar): LazyLexerDfa {
  let lexer = compiled.get(grammar);
  if (!lexer) {
    lexer = new LazyLexerDfa(grammar.lexemes.length, new LexerNfa(grammar.lexemes));
    compiled.set(grammar, lexer);
  }
  return lexer;
}
