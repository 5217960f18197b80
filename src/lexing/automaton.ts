// The contract between the lexer automaton and its users (the lattice builder in src/check).
// One automaton over all lexemes of a grammar, built lazily by subset construction from per-lexeme NFAs.

/** A DFA state id; DEAD means no lexeme can match any extension of what was read. */
export type DfaState = number;
export const DEAD: DfaState = -1;

export interface LexerAutomaton {
  /** Nothing read yet, at a lexeme's start. */
  readonly start: DfaState;
  /** "Somewhere inside some lexeme": every NFA state that is reachable and can still reach an accept.
   * Reading text w from here accepts lexeme t iff w is a non-empty suffix of some word of t. */
  readonly anywhere: DfaState;
  step(state: DfaState, codePoint: number): DfaState;
  /** Lexeme ids (sorted) that accept exactly what was read to reach `state`. */
  accepts(state: DfaState): Int32Array;
  /** Lexeme ids (sorted) that can still be accepted after reading more from `state` (those of accepts() included). */
  live(state: DfaState): Int32Array;
  /** The state whose NFA set is everything reachable from `state` by any input: "read any text, then go on". */
  reachClosure(state: DfaState): DfaState;
  /** Number of DFA states built so far (stats). */
  readonly stateCount: number;
}
