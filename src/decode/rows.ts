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

/** Tokens less likely than e^-30 times the best one never make it into a top-k/top-p set. */
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
  private readonly binCount = new Int32Array(BINS);
  private readonly binMass = new Float64Array(BINS);

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

  /**
   * The smallest logit top-k and top-p keep (`row` holds logits; `bestLogit` is the largest). A
   * histogram of the tokens' log-ratios to the best finds the bin where the k-th token or the top-p
   * mass falls; only that bin's tokens are sorted, so the cost stays O(V).
   */
  private filterCutoff(bestLogit: number, inverseTemperature: number): number {
    const { topK, topP } = this.sampling;
    const row = this.row;
    const count = this.binCount.fill(0);
    const mass = this.binMass.fill(0);
    for (let t = 0; t < row.length; t++) {
      const x = (row[t] - bestLogit) * inverseTemperature;
      if (x < NEGLIGIBLE_LOG_RATIO) continue;
      const bin = binOf(x);
      count[bin]++;
      mass[bin] += Math.exp(x);
    }
    let cutoff = bestLogit + NEGLIGIBLE_LOG_RATIO / inverseTemperature;
    let lastBin = BINS - 1;
    if (topK > 0) {
      let above = 0;
      let bin = 0;
      while (bin < BINS && above + count[bin] < topK) above += count[bin++];
      if (bin < BINS) {
        const sorted = this.collectBin(bin, bestLogit, inverseTemperature, -Infinity);
        cutoff = sorted[sorted.length - (topK - above)];
        lastBin = bin;
        mass[bin] = 0;
        for (let i = sorted.length - 1; i >= 0 && sorted[i] >= cutoff; i--) mass[bin] += Math.exp((sorted[i] - bestLogit) * inverseTemperature);
      }
    }
    if (topP < 1) {
      let total = 0;
      for (let bin = 0; bin <= lastBin; bin++) total += mass[bin];
      const target = topP * total;
      let acc = 0;
      for (let bin = 0; bin <= lastBin; bin++) {
        if (acc + mass[bin] >= target) {
          const sorted = this.collectBin(bin, bestLogit, inverseTemperature, cutoff);
          for (let i = sorted.length - 1; i >= 0; i--) {
            acc += Math.exp((sorted[i] - bestLogit) * inverseTemperature);
            if (acc >= target) return sorted[i];
          }
          return cutoff;
        }
        acc += mass[bin];
      }
    }
    return cutoff;
  }

  /** The logits (≥ `atLeast`) of the tokens in histogram bin `bin`, sorted ascending. */
  private collectBin(bin: number, bestLogit: number, inverseTemperature: number, atLeast: number): Float32Array {
    const row = this.row;
    let n = 0;
    for (let t = 0; t < row.length; t++) {
      const l = row[t];
      const x = (l - bestLogit) * inverseTemperature;
      if (x >= NEGLIGIBLE_LOG_RATIO && l >= atLeast && binOf(x) === bin) this.sortBuffer[n++] = l;
    }
    return this.sortBuffer.subarray(0, n).sort();
  }
}

/** Histogram bins over log-ratios [NEGLIGIBLE_LOG_RATIO, 0] to the best token; bin 0 holds the likeliest. */
const BINS = 1024;

function binOf(x: number): number {
  return Math.min(BINS - 1, Math.floor((x / NEGLIGIBLE_LOG_RATIO) * BINS));
}
