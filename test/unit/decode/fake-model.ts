/**
 * A deterministic stand-in for a diffusion LM, for the sampler's mechanics only (which rows are read,
 * how many commits a step makes, what happens on rejection). Real-model tests live with src/model.
 */
import type { CommitConstraint } from '../../../src/decode/constraint';
import { UnconstrainedCommits } from '../../../src/decode/constraint';
import type { DenoiserModel, TokenVocabulary } from '../../../src/decode/types';

/** Ids 0..25 are 'a'..'z', 26 is ' ', 27 '\n'; then the special tokens; 31 is an unused id; 32 and 33 are '(' and ')'. */
export const LETTERS = 'abcdefghijklmnopqrstuvwxyz \n';
export const MASK = 28;
export const PAD = 29;
export const EOS = 30;
export const VOCAB_SIZE = 34;
/** Characters after the special tokens (ids 32, 33). */
const BRACKETS = '()';

export const charVocab: TokenVocabulary = {
  tokenText: (id) => (id >= 0 && id < LETTERS.length ? LETTERS[id] : id >= 32 && id < 32 + BRACKETS.length ? BRACKETS[id - 32] : null),
  encode: (text) =>
    Array.from(text, (ch) => {
      const id = LETTERS.includes(ch) ? LETTERS.indexOf(ch) : BRACKETS.includes(ch) ? 32 + BRACKETS.indexOf(ch) : -1;
      if (id < 0) throw new Error(`the test vocabulary has no ${JSON.stringify(ch)}`);
      return id;
    }),
};

export const idOf = (ch: string): number => charVocab.encode(ch)[0];

/** Fills `out` (one logits row of VOCAB_SIZE zeros) for row `row` of `ids`. */
export type RowFunction = (row: number, ids: Int32Array, out: Float32Array) => void;

export interface FakeModelOptions {
  readonly shiftedLogits?: boolean;
  readonly maxLength?: number;
  readonly prefixTokenIds?: readonly number[];
  /** Called after each forward pass, before it resolves (e.g. to abort mid-run). */
  readonly afterForward?: (pass: number) => void | Promise<void>;
}

export class FakeModel implements DenoiserModel {
  readonly vocabSize = VOCAB_SIZE;
  readonly maskTokenId = MASK;
  readonly padTokenId = PAD;
  readonly eosTokenId = EOS;
  readonly maxLength: number;
  readonly shiftedLogits: boolean;
  readonly prefixTokenIds: readonly number[];
  /** Copies of the ids of every forward pass. */
  readonly inputs: Int32Array[] = [];

  constructor(
    private readonly rowFunction: RowFunction,
    private readonly options: FakeModelOptions = {},
  ) {
    this.maxLength = options.maxLength ?? 512;
    this.shiftedLogits = options.shiftedLogits ?? false;
    this.prefixTokenIds = options.prefixTokenIds ?? [];
  }

  async forward(ids: Int32Array): Promise<Float32Array> {
    if (ids.length > this.maxLength) throw new Error(`${ids.length} ids exceed maxLength ${this.maxLength}`);
    this.inputs.push(ids.slice());
    const logits = new Float32Array(ids.length * VOCAB_SIZE);
    for (let r = 0; r < ids.length; r++) this.rowFunction(r, ids, logits.subarray(r * VOCAB_SIZE, (r + 1) * VOCAB_SIZE));
    await this.options.afterForward?.(this.inputs.length);
    return logits;
  }
}

/**
 * A row function written per predicted position: `at(position, ids)` gives [token, logit] pairs (all
 * other tokens get logit 0). For a shifted model, row r describes position r+1, as in Dream.
 */
export function byPosition(shifted: boolean, at: (position: number, ids: Int32Array) => [number, number][]): RowFunction {
  return (row, ids, out) => {
    const position = shifted ? row + 1 : row;
    if (position >= ids.length) return;
    for (const [token, logit] of at(position, ids)) out[token] = logit;
  };
}


export interface Call {
  readonly kind: 'commit' | 'end';
  readonly hole: number;
  readonly slot: number;
  readonly text: string;
  readonly kept: boolean;
}

/** Records every call; refuses what `refuse` says; `witness` (if given) replaces finish's result. */
export class RecordingConstraint implements CommitConstraint {
  readonly calls: Call[] = [];
  finishCalls = 0;
  private readonly inner: UnconstrainedCommits;

  constructor(
    holeSlots: readonly number[],
    private readonly refuse: (hole: number, slot: number, text: string | null) => boolean = () => false,
    private readonly witness?: (committed: string[]) => string[] | null,
  ) {
    this.inner = new UnconstrainedCommits(holeSlots);
  }

  tryCommit(hole: number, slot: number, text: string): boolean {
    const kept = !this.refuse(hole, slot, text);
    this.calls.push({ kind: 'commit', hole, slot, text, kept });
    return kept && this.inner.tryCommit(hole, slot, text);
  }

  tryEnd(hole: number, slot: number): boolean {
    const kept = !this.refuse(hole, slot, null);
    this.calls.push({ kind: 'end', hole, slot, text: '', kept });
    return kept && this.inner.tryEnd(hole, slot);
  }

  finish(): string[] | null {
    this.finishCalls++;
    const committed = this.inner.finish();
    return this.witness ? this.witness(committed) : committed;
  }
}
