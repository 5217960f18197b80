import { HolefillError } from '../core/errors';
import { buildCanvas, type Canvas, type InfillSpec } from './canvas';
import { closersOf } from './closers';
import type { CommitConstraint } from './constraint';
import { DOCUMENT_PRIOR_DEFAULTS, DocumentPrior } from './document-prior';
import { SeededRandom } from './rng';
import { RowScorer, type ConfidenceRule } from './rows';
import { dreamCount, evenSplit, stepsPerBlock, thresholdCount, type ScheduleKind } from './schedule';
import type { DenoiserModel, TokenVocabulary } from './types';

export interface SamplerOptions {
  /** Forward passes for the whole fill; 0: one per mask slot. Ignored by the threshold schedule. */
  readonly steps?: number;
  /** Masked positions per semi-autoregressive block, in text order; 0: one block. Default: the model's blockLength. */
  readonly blockLength?: number;
  readonly schedule?: ScheduleKind;
  /** Threshold schedule: commit every position whose confidence exceeds this. */
  readonly threshold?: number;
  /** Dream schedule: the last timestep. */
  readonly eps?: number;
  readonly confidence?: ConfidenceRule;
  /** 0: greedy (the likeliest token); above 0: sampled. */
  readonly temperature?: number;
  /** When sampling: only the k likeliest tokens (0: all). */
  readonly topK?: number;
  /** When sampling: only the nucleus of this probability (1: all). */
  readonly topP?: number;
  /** Seed of the sampling noise: the same seed gives the same fill. */
  readonly seed?: number;
  /** Rejected commits allowed per fill; then the constraint's witness fills what is left. */
  readonly rejectionBudget?: number;
  /**
   * Refusals at one position after which it is left to the constraint's finish() (0: no limit): a slot
   * squeezed between committed tokens can refuse nearly the whole vocabulary, one check per token.
   */
  readonly positionRejectionBudget?: number;
  /** Wall time allowed per fill (ms); then the constraint's witness fills what is left. */
  readonly timeBudgetMs?: number;
  /** Cancels the fill: the promise rejects with a HolefillError of code 'cancelled' (name 'AbortError'). */
  readonly signal?: AbortSignal;
  /** Called after every step (one forward pass and its commits). */
  readonly onProgress?: (progress: DecodeProgress) => void;
  /**
   * Start the next step's forward pass before this step's commits are checked, on the ids the step's
   * best candidates would leave; its logits are used only if the commits left exactly those ids (the
   * same fill as without, sooner: the model computes while the checker works). Default true; it pays
   * only with a model that runs beside the caller's thread (loadModel's worker).
   */
  readonly speculate?: boolean;
  /**
   * Weight of the document prior (document-prior.ts): n-gram statistics of the whole file mixed into the
   * model's distribution where a masked position's neighbours are known; 0: off. Default: the model's.
   */
  readonly documentPrior?: number;
  /**
   * Where the model ends a hole whose text is all committed and the constraint refuses the end (the
   * construct is unfinished: `/**`, `f(a`), the hole ends with what closes its open brackets, quotes and
   * comments (`*\/`, `)`, then the same with `;`) if the constraint keeps that and it is at most this many
   * characters, instead of the model writing on; 0: never. A model that wanted to stop rarely writes a
   * construct's end, and each token it writes on costs a forward pass. Default 12: against 4, `npm run
   * bench -- fill` TypeScript 1 hole 17.8 -> 15.5 passes (ratio 1.37 -> 1.25), Python 3 holes 74.8 ->
   * 70.8, with the model bench's edit similarity unchanged (1-line 0.425 -> 0.427, 3-line 0.224 -> 0.222).
   */
  readonly refusedEndCompletionChars?: number;
}

/** Refused ends per hole that try to close the hole (completesRefusedEnd). */
const MAX_REFUSED_END_QUERIES = 2;

export const SAMPLER_DEFAULTS = {
  steps: 0,
  blockLength: 0,
  schedule: 'even',
  threshold: 0.9,
  eps: 1e-3,
  confidence: 'probability',
  temperature: 0,
  topK: 0,
  topP: 1,
  seed: 0,
  rejectionBudget: 100,
  positionRejectionBudget: 12,
  timeBudgetMs: 10_000,
  speculate: true,
  documentPrior: 0,
  refusedEndCompletionChars: 12,
} as const satisfies Required<Omit<SamplerOptions, 'signal' | 'onProgress'>>;

export interface DecodeProgress {
  /** Steps done (1-based). */
  readonly step: number;
  /** Steps planned: exact for the even and Dream schedules, an upper bound for the threshold schedule. */
  readonly totalSteps: number;
  /** Mask slots decided so far (tokens and slots emptied by an ended hole). */
  readonly committed: number;
  /** Mask slots still masked. */
  readonly masked: number;
  /** Committed text of each hole so far (masked slots left out). */
  readonly holesText: readonly string[];
}

/** Refusals at one position after which the constraint's suggestion is tried there. */
export const STUCK_AFTER_REJECTIONS = 3;

/** Why decoding stopped: all slots decided, a budget ran out, or some position had no token left. */
export type StopReason = 'done' | 'rejection-budget' | 'time-budget' | 'no-candidates';

export interface DecodeResult {
  /** Final text per hole (from the constraint's `finish`); null: the constraint found no completion. */
  readonly holes: string[] | null;
  readonly stopReason: StopReason;
  /** Forward passes whose logits decoding used. */
  readonly forwardPasses: number;
  /** Forward passes started ahead of a step's checks whose ids the commits did not leave (their logits unused). */
  readonly speculationMisses: number;
  /** Time the sampler waited for logits (with speculation, forward passes overlap checks and are partly hidden). */
  readonly modelMs: number;
  /** Time inside the constraint (commits, ends, finish). */
  readonly checkMs: number;
  /** tryCommit and tryEnd calls. */
  readonly checks: number;
  /** Commits the constraint refused. */
  readonly rejections: number;
  /** Commits the constraint suggested at a position where the model's proposals kept being refused. */
  readonly suggestedCommits: number;
  /** Holes ended with what closes their text after the constraint refused the model's end (refusedEndCompletionChars). */
  readonly closedEnds: number;
  /** Holes that still had masked slots when `finish` filled them. */
  readonly witnessHoles: number;
  /** Per hole: whether it still had masked slots when `finish` filled them. */
  readonly witnessed: boolean[];
  /** Per hole: the text committed before `finish` (the model's tokens and the constraint's suggestions). */
  readonly committedTexts: string[];
  readonly steps: number;
  readonly ms: number;
  /** Mask slots over all holes. */
  readonly maskSlots: number;
  /** Fixed-text tokens left out of the model's window (documents longer than its maxLength). */
  readonly contextTokensCut: number;
}

/**
 * Fills the holes of `spec` with the diffusion sampler: each step runs the model once over the canvas,
 * scores every masked position of the current block, and commits the step's quota of the most
 * confident (position, token) pairs through `constraint`. A refused pair is ruled out for good (commits
 * only add text, so it can never become acceptable) and the next best candidate is taken — the same
 * position's next token or another position. Several commits per step are each checked against the
 * state the previous ones left, so they are compatible. A pad/eos token ends its hole there. When the
 * rejection or time budget runs out, `constraint.finish()` fills whatever is still masked.
 */
export async function decodeHoles(
  model: DenoiserModel,
  vocab: TokenVocabulary,
  spec: InfillSpec,
  constraint: CommitConstraint,
  options: SamplerOptions = {},
  firstPass: FirstPass | null = null,
): Promise<DecodeResult> {
  return new HoleSampler(model, vocab, spec, constraint, options, firstPass).run();
}

/** A fill's first forward pass, started before its constraint is ready (see startFirstPass). */
export interface FirstPass {
  readonly ids: Int32Array;
  readonly logits: Promise<Float32Array>;
}

/**
 * Starts the first forward pass of a fill of `spec`: it depends on nothing but the masked text, so the
 * model computes it while the caller plans the fill's checks. decodeHoles uses its logits if its ids
 * are the fill's first (they are, for the same spec, vocabulary and model).
 */
export function startFirstPass(model: DenoiserModel, vocab: TokenVocabulary, spec: InfillSpec): FirstPass {
  const ids = buildCanvas(spec, vocab, model).ids.slice();
  const logits = model.forward(ids);
  logits.catch(() => undefined); // awaited (and its error seen) only if used
  return { ids, logits };
}

type Attempt = 'committed' | 'rejected' | 'ruled-out';

class HoleSampler {
  private readonly started = performance.now();
  private readonly options: Required<Omit<SamplerOptions, 'signal' | 'onProgress'>>;
  private readonly canvas: Canvas;
  private readonly ids: Int32Array;
  private readonly holeCount: number;
  /** Hole of each window position; -1 for fixed tokens. */
  private readonly holeOf: Int32Array;
  private readonly masked: Uint8Array;
  /** Masked positions whose every token is ruled out: left for `finish`. */
  private readonly dead: Uint8Array;
  /** Per hole: slots ≥ this are empty (the hole ended there). */
  private readonly holeEnd: Int32Array;
  /** Per hole: the last slot holding a committed token, -1 if none. */
  private readonly lastTokenSlot: Int32Array;
  private readonly slotTexts: (string | null)[][];
  /**
   * Per hole: it starts after a line's indentation, so it does not start with more blank space: no blank
   * token before the hole's first other text, at slot 0 or at a later slot with only masks and blanks
   * before it (masked slots may come out empty). An empty fill, a pad in its first slot, stays possible. A
   * small model otherwise pads such holes with spaces; a hole at the start of a line may take its
   * indentation, and so may one after part of it (endsInWholeIndentation).
   */
  private readonly afterIndentation: boolean[];
  /** Per hole: the fixed text of its line before it (what a refused end's closers also close). */
  private readonly linePrefix: string[];
  /** Refused commits per position; at STUCK_AFTER_REJECTIONS the constraint is asked for a suggestion. */
  private readonly rejectedAt = new Map<number, number>();
  /** Per hole: refused ends that tried closers (completesRefusedEnd). */
  private refusedEndQueries: Int32Array | null = null;
  private suggestedCommits = 0;
  private closedEnds = 0;
  /** Tokens ruled out per position (rejected, or a pad that would end a hole before a committed token). */
  private readonly ruledOut = new Map<number, number[]>();
  private readonly scorer: RowScorer;
  private readonly prior: DocumentPrior | null;
  /** One logits row rewritten by the prior. */
  private readonly priorRow: Float32Array;
  /** Per hole: the window's first token after its slots (-1: none, or another hole's slot). */
  private readonly firstAfterHole: Int32Array;
  private readonly deadline: number;
  private readonly fillerId: number;

  // Candidates of the current step, one per live masked position of the block.
  private readonly candidatePos: Int32Array;
  private readonly candidateToken: Int32Array;
  private readonly candidateConfidence: Float64Array;
  private candidateCount = 0;

  private maskedCount = 0;
  private committedCount = 0;
  private forwardPasses = 0;
  private speculationMisses = 0;
  /** The next step's forward pass, started on the ids this step's best candidates would leave (see speculate). */
  private ahead: { readonly ids: Int32Array; readonly logits: Promise<Float32Array> } | null = null;
  private steps = 0;
  private modelMs = 0;
  private checkMs = 0;
  private checks = 0;
  private rejections = 0;

  constructor(
    private readonly model: DenoiserModel,
    private readonly vocab: TokenVocabulary,
    spec: InfillSpec,
    private readonly constraint: CommitConstraint,
    private readonly callerOptions: SamplerOptions,
    firstPass: FirstPass | null = null,
  ) {
    this.options = {
      ...SAMPLER_DEFAULTS,
      blockLength: model.blockLength ?? SAMPLER_DEFAULTS.blockLength,
      documentPrior: model.documentPrior ?? SAMPLER_DEFAULTS.documentPrior,
      ...definedOnly(callerOptions),
    };
    checkOptions(this.options);
    this.canvas = buildCanvas(spec, vocab, model);
    this.ids = this.canvas.ids;
    this.ahead = firstPass;
    const T = this.ids.length;
    this.holeCount = this.canvas.holeSlots.length;
    this.holeOf = new Int32Array(T).fill(-1);
    this.masked = new Uint8Array(T);
    this.dead = new Uint8Array(T);
    for (let h = 0; h < this.holeCount; h++) {
      const start = this.canvas.holeStart[h];
      const k = this.canvas.holeSlots[h];
      this.holeOf.fill(h, start, start + k);
      this.masked.fill(1, start, start + k);
      this.maskedCount += k;
    }
    this.holeEnd = Int32Array.from(this.canvas.holeSlots);
    this.lastTokenSlot = new Int32Array(this.holeCount).fill(-1);
    this.slotTexts = Array.from(this.canvas.holeSlots, (k) => new Array<string | null>(k).fill(null));
    this.afterIndentation = spec.fixedTexts.slice(0, this.holeCount).map((before) => endsInWholeIndentation(before));
    this.linePrefix = spec.fixedTexts.slice(0, this.holeCount).map((before) => before.slice(before.lastIndexOf('\n') + 1));
    const { temperature, topK, topP, confidence, seed } = this.options;
    this.scorer = new RowScorer(model.vocabSize, neverProposed(model, vocab), { temperature, topK, topP, confidence }, new SeededRandom(seed));
    this.deadline = this.started + this.options.timeBudgetMs;
    this.fillerId = model.padTokenId ?? model.eosTokenId;
    const textless = new Set([model.eosTokenId, ...(model.padTokenId === null ? [] : [model.padTokenId])]);
    this.prior = this.options.documentPrior > 0 ? new DocumentPrior(this.canvas.fixedSegments, model.vocabSize, textless, { ...DOCUMENT_PRIOR_DEFAULTS, weight: this.options.documentPrior }) : null;
    this.priorRow = new Float32Array(this.prior ? model.vocabSize : 0);
    this.firstAfterHole = Int32Array.from(this.canvas.holeStart, (start, h) => {
      const after = start + this.canvas.holeSlots[h];
      return after < T && !this.masked[after] ? this.ids[after] : -1;
    });
    this.candidatePos = new Int32Array(this.maskedCount);
    this.candidateToken = new Int32Array(this.maskedCount);
    this.candidateConfidence = new Float64Array(this.maskedCount);
  }

  async run(): Promise<DecodeResult> {
    this.throwIfAborted();
    const stopReason = await this.denoise();
    const witnessed = Array.from(this.canvas.holeStart, (start, h) => this.masked.subarray(start, start + this.holeEnd[h]).includes(1));
    const witnessHoles = witnessed.filter(Boolean).length;
    const committedTexts = this.slotTexts.map((texts, h) => texts.slice(0, this.holeEnd[h]).filter((t) => t !== null).join(''));
    this.throwIfAborted();
    const finishStart = performance.now();
    const holes = this.constraint.finish();
    this.checkMs += performance.now() - finishStart;
    if (holes !== null && holes.length !== this.holeCount) {
      throw new HolefillError(`the constraint finished ${holes.length} holes, but the fill has ${this.holeCount}`, 'usage');
    }
    return {
      holes,
      stopReason,
      forwardPasses: this.forwardPasses,
      speculationMisses: this.speculationMisses,
      modelMs: this.modelMs,
      checkMs: this.checkMs,
      checks: this.checks,
      rejections: this.rejections,
      suggestedCommits: this.suggestedCommits,
      closedEnds: this.closedEnds,
      witnessHoles,
      witnessed,
      committedTexts,
      steps: this.steps,
      ms: performance.now() - this.started,
      maskSlots: this.canvas.holeSlots.reduce((a, b) => a + b, 0),
      contextTokensCut: this.canvas.contextTokensCut,
    };
  }

  /** The step loop over blocks; returns why it stopped. */
  private async denoise(): Promise<StopReason> {
    const { schedule, blockLength, eps, threshold } = this.options;
    const order: number[] = [];
    for (let p = 0; p < this.ids.length; p++) if (this.masked[p]) order.push(p);
    const perBlock = blockLength > 0 ? blockLength : Math.max(1, order.length);
    const blocks: number[][] = [];
    for (let i = 0; i < order.length; i += perBlock) blocks.push(order.slice(i, i + perBlock));
    const blockSteps = stepsPerBlock(this.options.steps > 0 ? this.options.steps : order.length, blocks.map((b) => b.length));

    for (let b = 0; b < blocks.length; b++) {
      const stepsHere = blockSteps[b];
      let evenCounts: Int32Array | null = null;
      for (let j = 0; schedule === 'threshold' || j < stepsHere; j++) {
        this.gatherCandidates(blocks[b]);
        if (this.candidateCount === 0) break;
        if (performance.now() > this.deadline) return 'time-budget';
        const logits = await this.forward();
        this.scoreCandidates(logits);
        if (this.candidateCount === 0) break;

        const live = this.candidateCount;
        let quota: number;
        if (schedule === 'threshold') quota = thresholdCount(this.candidateConfidence, live, threshold);
        else if (schedule === 'dream') quota = dreamCount(live, j, stepsHere, eps);
        else {
          evenCounts ??= evenSplit(live, stepsHere);
          quota = j >= stepsHere - 1 ? live : evenCounts[j];
        }
        if (this.options.speculate) this.speculate(quota);
        const stopped = this.commitBest(quota, logits);
        this.steps++;
        this.reportProgress(schedule === 'threshold' ? this.steps + this.maskedCount : this.plannedSteps(blockSteps, b, j));
        if (stopped) return stopped;
      }
    }
    return this.maskedCount > 0 ? 'no-candidates' : 'done';
  }

  /** Steps done plus the ones the even/Dream schedules still plan (the current block from step j on). */
  private plannedSteps(blockSteps: Int32Array, block: number, step: number): number {
    let rest = this.maskedCount > 0 ? blockSteps[block] - step - 1 : 0;
    for (let b = block + 1; b < blockSteps.length && this.maskedCount > 0; b++) rest += blockSteps[b];
    return this.steps + rest;
  }

  private gatherCandidates(block: readonly number[]): void {
    let n = 0;
    for (const p of block) if (this.masked[p] && !this.dead[p]) this.candidatePos[n++] = p;
    this.candidateCount = n;
  }

  /** Scores every candidate; drops those with no token left. */
  private scoreCandidates(logits: Float32Array): void {
    let n = 0;
    for (let i = 0; i < this.candidateCount; i++) {
      const p = this.candidatePos[i];
      const token = this.scoreAt(logits, p);
      if (token < 0) {
        this.dead[p] = 1;
        continue;
      }
      this.candidatePos[n] = p;
      this.candidateToken[n] = token;
      this.candidateConfidence[n] = this.scorer.confidence;
      n++;
    }
    this.candidateCount = n;
  }

  /** The scorer's token for position `p` (its logits row, with the document prior where it applies). */
  private scoreAt(logits: Float32Array, p: number): number {
    const row = this.rowOf(p);
    if (this.prior) {
      const V = this.model.vocabSize;
      this.priorRow.set(logits.subarray(row * V, row * V + V));
      if (this.prior.adjust(this.priorRow, this.ids, p, this.model.maskTokenId, this.fillerId, this.firstAfterHole[this.holeOf[p]])) return this.scorer.score(this.priorRow, 0, this.ruledOut.get(p));
    }
    return this.scorer.score(logits, row, this.ruledOut.get(p));
  }

  /**
   * Commits `quota` candidates, best first; a refused one is ruled out and its position rescored
   * against the same logits. Returns a stop reason when a budget runs out.
   */
  private commitBest(quota: number, logits: Float32Array): StopReason | null {
    let commits = 0;
    while (commits < quota) {
      let best = -1;
      for (let i = 0; i < this.candidateCount; i++) {
        const p = this.candidatePos[i];
        if (!this.masked[p] || this.dead[p]) continue;
        if (best < 0 || this.candidateConfidence[i] > this.candidateConfidence[best]) best = i;
      }
      if (best < 0) return null;
      if (performance.now() > this.deadline) return 'time-budget';
      this.throwIfAborted();
      const outcome = this.attempt(this.candidatePos[best], this.candidateToken[best]);
      if (outcome === 'committed') {
        commits++;
        continue;
      }
      if (outcome === 'rejected' && this.rejections >= this.options.rejectionBudget) return 'rejection-budget';
      const p = this.candidatePos[best];
      if (outcome === 'rejected' && this.isEnd(this.candidateToken[best]) && this.completesRefusedEnd(p)) {
        commits++;
        continue;
      }
      const refusedHere = outcome === 'rejected' ? this.countRefusal(p) : (this.rejectedAt.get(p) ?? 0);
      if (refusedHere === STUCK_AFTER_REJECTIONS && outcome === 'rejected' && this.trySuggestion(p) === 'committed') {
        commits++;
        continue;
      }
      const perPosition = this.options.positionRejectionBudget;
      if (perPosition > 0 && refusedHere >= perPosition) {
        this.dead[p] = 1; // left to finish(): the constraint's shortest completion fills it
        continue;
      }
      const token = this.scoreAt(logits, p);
      if (token < 0) this.dead[p] = 1;
      else {
        this.candidateToken[best] = token;
        this.candidateConfidence[best] = this.scorer.confidence;
      }
    }
    return null;
  }

  private isEnd(token: number): boolean {
    return token === this.model.eosTokenId || token === this.model.padTokenId;
  }

  /** Whether every slot of `p`'s hole before `p` holds a committed token. */
  private allCommittedBefore(p: number): boolean {
    const start = this.canvas.holeStart[this.holeOf[p]];
    for (let q = start; q < p; q++) if (this.masked[q]) return false;
    return true;
  }

  /**
   * After the end refused at `p`, where every slot before it is committed: commits what closes the
   * brackets, quotes and comments the hole's text leaves open (then the same with `;`) at `p` and ends
   * the hole right after, if the constraint keeps it. Otherwise, once per hole, asks the constraint for
   * a completion of the rest and leaves the rest to finish() if that is short: a shortest one (a
   * witness: dearer than a check) where nothing short closes the text (a line comment, a stray closing
   * bracket: Rust's `///` before a removed item), else one read off the check (C++'s `#endif` needs
   * "\n}"). Both at most refusedEndCompletionChars long, at most MAX_REFUSED_END_QUERIES times per hole.
   * Returns whether it did.
   */
  private completesRefusedEnd(p: number): boolean {
    const limit = this.options.refusedEndCompletionChars;
    if (limit <= 0 || !this.allCommittedBefore(p)) return false;
    const hole = this.holeOf[p];
    this.refusedEndQueries ??= new Int32Array(this.holeCount);
    const queries = this.refusedEndQueries[hole]++;
    if (queries >= MAX_REFUSED_END_QUERIES) return false;
    const start = this.canvas.holeStart[hole];
    const slot = p - start;
    const text = this.slotTexts[hole].slice(0, slot).join('');
    const closers = closersOf(text);
    // What the hole's line leaves open counts too: a docstring opened before the cursor (`'''Duplica`).
    const lineClosers = closersOf(this.linePrefix[hole] + text);
    const candidates = closers === null ? [] : [...new Set([closers, lineClosers ?? '', `${closers};`])].filter((t) => t.length > 0 && t.length <= limit);
    for (const closing of this.constraint.tryCommitEnding ? candidates : []) {
      const checkStart = performance.now();
      const kept = this.constraint.tryCommitEnding!(hole, slot, closing);
      this.checkMs += performance.now() - checkStart;
      this.checks++;
      if (!kept) continue;
      // The canvas holds one id per slot: the closer's first token stands for it.
      this.applyCommit(p, this.vocab.encode(closing)[0] ?? this.fillerId, closing);
      this.applyEnd(hole, slot + 1);
      this.closedEnds++;
      return true;
    }
    if (queries > 0 || !this.constraint.suggest) return false;
    // Where closers were refused, some completion read off the check is short often enough (`#endif`
    // then "\n}"); where nothing short closes the text, only a shortest completion is worth asking for.
    const checkStart = performance.now();
    const rest = this.constraint.suggest(hole, slot, closers === null);
    this.checkMs += performance.now() - checkStart;
    if (!rest || !('text' in rest) || rest.text.length > limit) return false;
    for (let q = p; q < start + this.holeEnd[hole]; q++) if (this.masked[q]) this.dead[q] = 1;
    this.closedEnds++;
    return true;
  }

  /** Counts a refusal at `p`; returns the refusals there so far. */
  private countRefusal(p: number): number {
    const refused = (this.rejectedAt.get(p) ?? 0) + 1;
    this.rejectedAt.set(p, refused);
    return refused;
  }

  /**
   * Commits what the constraint suggests at `p` (the start of its shortest completion, or the hole's
   * end); called once per position, at its STUCK_AFTER_REJECTIONS-th refusal: where little fits, the
   * model's next best tokens would mostly be refused too, each at the cost of a check.
   */
  private trySuggestion(p: number): Attempt | null {
    if (!this.constraint.suggest) return null;
    const hole = this.holeOf[p];
    const checkStart = performance.now();
    const suggestion = this.constraint.suggest(hole, p - this.canvas.holeStart[hole]);
    this.checkMs += performance.now() - checkStart;
    if (!suggestion) return null;
    let token: number;
    if ('end' in suggestion) token = this.fillerId;
    else {
      token = this.vocab.encode(suggestion.text)[0] ?? -1;
      const text = token >= 0 ? this.vocab.tokenText(token) : null;
      if (!text || !suggestion.text.startsWith(text)) return null;
    }
    if (this.ruledOut.get(p)?.includes(token)) return null;
    const outcome = this.attempt(p, token);
    if (outcome === 'committed') this.suggestedCommits++;
    return outcome;
  }

  /** Whether no slot of `hole` before `slot` holds text other than blank space. */
  private nothingBefore(hole: number, slot: number): boolean {
    const texts = this.slotTexts[hole];
    for (let s = 0; s < slot; s++) if (texts[s] && /\S/.test(texts[s]!)) return false;
    return true;
  }

  /** Proposes `token` at window position `p` to the constraint and applies it if kept. */
  private attempt(p: number, token: number): Attempt {
    const hole = this.holeOf[p];
    const slot = p - this.canvas.holeStart[hole];
    const ends = token === this.model.eosTokenId || token === this.model.padTokenId;
    if (ends && slot < this.lastTokenSlot[hole]) {
      // A hole cannot end before a token it already holds.
      this.ruleOut(p, token);
      return 'ruled-out';
    }
    const text = ends ? '' : this.vocab.tokenText(token);
    if (text === null) throw new HolefillError(`token ${token} has no text but was proposed`, 'bad-model');
    if (this.afterIndentation[hole] && /^\s/.test(text) && this.nothingBefore(hole, slot)) {
      this.ruleOut(p, token);
      return 'ruled-out';
    }
    const checkStart = performance.now();
    const kept = ends ? this.constraint.tryEnd(hole, slot) : this.constraint.tryCommit(hole, slot, text);
    this.checkMs += performance.now() - checkStart;
    this.checks++;
    if (!kept) {
      this.rejections++;
      this.ruleOut(p, token);
      return 'rejected';
    }
    if (ends) this.applyEnd(hole, slot);
    else this.applyCommit(p, token, text);
    return 'committed';
  }

  /** Writes a kept commit of `token` (text `text`) at window position `p` into the canvas. */
  private applyCommit(p: number, token: number, text: string): void {
    const hole = this.holeOf[p];
    const slot = p - this.canvas.holeStart[hole];
    this.masked[p] = 0;
    this.ids[p] = token;
    this.slotTexts[hole][slot] = text;
    if (slot > this.lastTokenSlot[hole]) this.lastTokenSlot[hole] = slot;
    this.maskedCount--;
    this.committedCount++;
  }

  /** Writes a kept end of `hole` at `slot` into the canvas: its masked slots from there on become filler. */
  private applyEnd(hole: number, slot: number): void {
    const start = this.canvas.holeStart[hole];
    for (let s = slot; s < this.holeEnd[hole]; s++) {
      if (!this.masked[start + s]) continue;
      this.masked[start + s] = 0;
      this.ids[start + s] = this.fillerId;
      this.maskedCount--;
      this.committedCount++;
    }
    this.holeEnd[hole] = Math.min(this.holeEnd[hole], slot);
  }

  private ruleOut(p: number, token: number): void {
    const list = this.ruledOut.get(p);
    if (list) list.push(token);
    else this.ruledOut.set(p, [token]);
  }

  private rowOf(p: number): number {
    return this.model.shiftedLogits ? Math.max(p - 1, 0) : p;
  }

  /**
   * Starts the next step's forward pass now, on the ids that committing the step's `quota` best
   * candidates would leave (what commitBest tries first), so that the model computes while they are
   * checked. forward() uses its logits only if the commits left exactly those ids.
   */
  private speculate(quota: number): void {
    const ids = this.ids.slice();
    const picked = new Uint8Array(this.candidateCount);
    let decided = 0;
    for (let c = 0; c < quota; c++) {
      let best = -1;
      for (let i = 0; i < this.candidateCount; i++) {
        if (picked[i]) continue;
        if (best < 0 || this.candidateConfidence[i] > this.candidateConfidence[best]) best = i;
      }
      if (best < 0) break;
      picked[best] = 1;
      const p = this.candidatePos[best];
      const token = this.candidateToken[best];
      if (ids[p] !== this.model.maskTokenId) continue; // emptied by an end picked before it
      if (token === this.model.eosTokenId || token === this.model.padTokenId) {
        const hole = this.holeOf[p];
        const start = this.canvas.holeStart[hole];
        for (let q = p; q < start + this.holeEnd[hole]; q++) {
          if (!this.masked[q] || ids[q] !== this.model.maskTokenId) continue;
          ids[q] = this.fillerId;
          decided++;
        }
      } else {
        ids[p] = token;
        decided++;
      }
    }
    if (decided >= this.maskedCount) return; // no step follows
    const logits = this.model.forward(ids);
    logits.catch(() => undefined); // awaited (and its error seen) only if used
    this.ahead = { ids, logits };
  }

  private async forward(): Promise<Float32Array> {
    this.throwIfAborted();
    const ahead = this.ahead;
    this.ahead = null;
    let pending: Promise<Float32Array>;
    if (ahead && sameIds(ahead.ids, this.ids)) pending = ahead.logits;
    else {
      if (ahead) this.speculationMisses++;
      pending = this.model.forward(this.ids);
    }
    const start = performance.now();
    const logits = await pending;
    this.modelMs += performance.now() - start;
    this.forwardPasses++;
    this.throwIfAborted();
    const expected = this.ids.length * this.model.vocabSize;
    if (logits.length < expected) {
      throw new HolefillError(`the model gave ${logits.length} logits for ${this.ids.length} tokens × ${this.model.vocabSize} vocabulary entries (${expected} expected)`, 'bad-model');
    }
    return logits;
  }

  private reportProgress(totalSteps: number): void {
    const onProgress = this.callerOptions.onProgress;
    if (!onProgress) return;
    const holesText = this.slotTexts.map((texts, h) => texts.slice(0, this.holeEnd[h]).filter((t) => t !== null).join(''));
    onProgress({ step: this.steps, totalSteps, committed: this.committedCount, masked: this.maskedCount, holesText });
  }

  private throwIfAborted(): void {
    if (this.callerOptions.signal?.aborted) {
      const error = new HolefillError('The fill was cancelled.', 'cancelled');
      error.name = 'AbortError';
      throw error;
    }
  }
}

/** Lines back that endsInWholeIndentation searches for a line indented as the hole's. */
const INDENTATION_LOOKBACK_LINES = 200;

/**
 * Whether the text before a hole ends with a line's indentation that is whole: as deep as the code line
 * before it or deeper (a block's first line), or as deep as some line before (a dedent). A selection
 * begun inside the indentation (one space of eight) leaves a part that no line has: then the hole's text
 * must start with the rest of it (in Python no other text is valid there).
 */
function endsInWholeIndentation(before: string): boolean {
  const lineStart = before.lastIndexOf('\n') + 1;
  const blank = before.slice(lineStart);
  if (!/^[ \t]+$/.test(blank)) return false;
  const lines = before.slice(0, lineStart).split('\n');
  let previous: string | null = null;
  for (let i = lines.length - 1, seen = 0; i >= 0 && seen < INDENTATION_LOOKBACK_LINES; i--, seen++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    previous ??= indent;
    if (indent === blank) return true;
  }
  return previous === null || blank.length >= previous.length;
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Ids the sampler never proposes: the mask and every token without text, except pad and eos. */
function neverProposed(model: DenoiserModel, vocab: TokenVocabulary): Int32Array {
  const ids: number[] = [];
  for (let id = 0; id < model.vocabSize; id++) {
    if (id === model.padTokenId || id === model.eosTokenId) continue;
    const text = id === model.maskTokenId ? null : vocab.tokenText(id);
    if (text === null || text === '') ids.push(id);
  }
  return Int32Array.from(ids);
}

/** Says which option is out of range and what it accepts. */
function checkOptions(o: Required<Omit<SamplerOptions, 'signal' | 'onProgress'>>): void {
  const fail = (name: string, accepts: string) => {
    throw new HolefillError(`sampler option ${name} is ${String(o[name as keyof typeof o])}; expected ${accepts}`, 'usage');
  };
  const wholeAtLeast = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!wholeAtLeast(o.steps, 0)) fail('steps', 'a whole number ≥ 0 (0: one step per mask slot)');
  if (!wholeAtLeast(o.blockLength, 0)) fail('blockLength', 'a whole number ≥ 0 (0: one block)');
  if (!['even', 'dream', 'threshold'].includes(o.schedule)) fail('schedule', '"even", "dream" or "threshold"');
  if (!['probability', 'margin', 'entropy'].includes(o.confidence)) fail('confidence', '"probability", "margin" or "entropy"');
  if (!(o.temperature >= 0 && Number.isFinite(o.temperature))) fail('temperature', 'a number ≥ 0');
  if (!wholeAtLeast(o.topK, 0)) fail('topK', 'a whole number ≥ 0 (0: off)');
  if (!(o.topP > 0 && o.topP <= 1)) fail('topP', 'a number in (0, 1] (1: off)');
  if (!Number.isFinite(o.threshold)) fail('threshold', 'a number');
  if (!(o.eps > 0 && o.eps < 1)) fail('eps', 'a number in (0, 1)');
  if (!(o.documentPrior >= 0 && o.documentPrior <= 1)) fail('documentPrior', 'a number in [0, 1] (0: off)');
  if (!Number.isFinite(o.seed)) fail('seed', 'a number');
  if (typeof o.speculate !== 'boolean') fail('speculate', 'true or false');
  if (!wholeAtLeast(o.rejectionBudget, 0)) fail('rejectionBudget', 'a whole number ≥ 0');
  if (!wholeAtLeast(o.positionRejectionBudget, 0)) fail('positionRejectionBudget', 'a whole number ≥ 0 (0: no limit)');
  if (!(o.timeBudgetMs > 0)) fail('timeBudgetMs', 'a number of milliseconds > 0');
  if (!wholeAtLeast(o.refusedEndCompletionChars, 0)) fail('refusedEndCompletionChars', 'a whole number ≥ 0 (0: never)');
}

/** The options the caller set (an explicit undefined keeps the default). */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
