import type { SeededRandom } from './rng';

/**
 * How sure the model is at a masked position (higher = surer): `probability` of the chosen token
 * (LLaDA/Dream low_confidence), `margin` between the two likeliest tokens (topk_margin), or `entropy`
 * (negative entropy of the position's distribution).
 */
export type ConfidenceRule = 'probability' | 'margin' | 'entropy';

export interface RowSampling {
  /** 0: the likeliest token (greedy, no randomness); above 0: sample from softmax(logits / temperature). */
  readonly temperature: number;
  /** When sampling: keep only the k likeliest tokens (0: all). */
  readonly topK: number;
  /** When sampling: keep only the smallest set of likeliest tokens with this much probability (1: all). */
  readonly topP: number;
  readonly confidence: ConfidenceRule;
}

/** Tokens less likely than e^-30 times the best one are left out of top-k/top-p sorting. */
const NEGLIGIBLE_LOG_RATIO = -30;

/**
 * Picks a token and its confidence from one logits row. Ruled-out tokens count as logit −∞, so after a
 * rejection the same row yields the next candidate: the next likeliest (greedy) or a draw from the
 * distribution renormalised without it — sampling without replacement, which orders tokens exactly as
 * Gumbel-max with noise fixed for the step would, at one uniform per draw instead of V Gumbels.
 * Works on a private copy of the row; allocates nothing per call.
 */
export class RowScorer {
  /** Confidence of the token the last `score` returned. */
  confidence = 0;
  private readonly row: Float32Array;
  private readonly sortBuffer: Float32Array;

  constructor(
    private readonly vocabSize: number,
    /** Ids never proposed (mask and other special tokens). */
    private readonly bannedIds: Int32Array,
    private readonly sampling: RowSampling,
    private readonly rng: SeededRandom,
  ) {
    this.row = new Float32Array(vocabSize);
    this.sortBuffer = new Float32Array(vocabSize);
  }

  /**
   * Scores row `rowIndex` of row-major `logits`, without the tokens in `ruledOut`. Returns the chosen
   * token id and sets `confidence`, or returns -1 when no token is left.
   */
  score(logits: Float32Array, rowIndex: number, ruledOut: readonly number[] | undefined): number {
    const V = this.vocabSize;
    const row = this.row;
    row.set(logits.subarray(rowIndex * V, rowIndex * V + V));
    for (let i = 0; i < this.bannedIds.length; i++) row[this.bannedIds[i]] = -Infinity;
    if (ruledOut) for (const id of ruledOut) row[id] = -Infinity;

    // Pass 1: the two largest logits (NaN counts as −∞).
    let best = -1;
    let second = -1;
    let bestLogit = -Infinity;
    let secondLogit = -Infinity;
    for (let t = 0; t < V; t++) {
      const l = row[t];
      if (l !== l) {
        row[t] = -Infinity;
      } else if (l > secondLogit) {
        if (l > bestLogit) {
          second = best;
          secondLogit = bestLogit;
          best = t;
          bestLogit = l;
        } else {
          second = t;
          secondLogit = l;
        }
      }
    }
    if (best < 0) return -1;

    const { temperature, topK, topP, confidence } = this.sampling;
    const sampling = temperature > 0;
    const inverseTemperature = sampling ? 1 / temperature : 1;
    const cutoff = sampling && ((topK > 0 && topK < V) || topP < 1) ? this.filterCutoff(bestLogit, inverseTemperature) : -Infinity;

    // Pass 2: unnormalised probabilities e = exp((l - best)/τ) of the kept tokens, in place.
    let total = 0;
    let weightedLog = 0;
    for (let t = 0; t < V; t++) {
      const l = row[t];
      if (l >= cutoff && l > -Infinity) {
        const x = (l - bestLogit) * inverseTemperature;
        const e = Math.exp(x);
        row[t] = e;
        total += e;
        weightedLog += e * x;
      } else {
        row[t] = 0;
      }
    }

    let token = best;
    if (sampling) {
      const u = this.rng.next() * total;
      let acc = 0;
      for (let t = 0; t < V; t++) {
        const e = row[t];
        if (e === 0) continue;
        acc += e;
        token = t;
        if (acc > u) break;
      }
    }

    switch (confidence) {
      case 'probability':
        this.confidence = row[token] / total;
        break;
      case 'margin':
        this.confidence = (row[best] - (second >= 0 ? row[second] : 0)) / total;
        break;
      case 'entropy':
        // Σ p log p with p = e/total and log p = x - log total.
        this.confidence = weightedLog / total - Math.log(total);
        break;
    }
    return token;
  }

  /** The smallest logit top-k and top-p keep (row holds logits; best is the largest). */
  private filterCutoff(bestLogit: number, inverseTemperature: number): number {
    const { topK, topP } = this.sampling;
    const row = this.row;
    const floor = bestLogit + NEGLIGIBLE_LOG_RATIO / inverseTemperature;
    let count = 0;
    for (let t = 0; t < row.length; t++) if (row[t] >= floor) this.sortBuffer[count++] = row[t];
    const sorted = this.sortBuffer.subarray(0, count).sort(); // ascending
    let lowest = 0;
    if (topK > 0 && topK < count) lowest = count - topK;
    if (topP < 1) {
      let kept = 0;
      for (let i = lowest; i < count; i++) kept += Math.exp((sorted[i] - bestLogit) * inverseTemperature);
      let acc = 0;
      for (let i = count - 1; i >= lowest; i--) {
        acc += Math.exp((sorted[i] - bestLogit) * inverseTemperature);
        if (acc >= topP * kept) {
          lowest = i;
          break;
        }
      }
    }
    return sorted[lowest];
  }
}
