// A document-local n-gram prior over token ids, mixed into the model's distribution at masked positions.
//
// Code repeats itself within a file (names, calls, whole line shapes): a "cache" n-gram model of the
// file is a strong predictor of code (Tu, Su & Devanbu 2014, "On the localness of software"). A small
// model sees only its window of the file; this prior sees all of it. At a masked position whose nearest
// tokens on one side are known (fixed text or committed tokens), the longest context of the file that
// matches them predicts the position's token from what followed (or preceded) that context in the file.
// Works on token ids, so it serves any vocabulary.

/** How strongly the prior speaks, and which contexts it trusts. */
export interface DocumentPriorOptions {
  /** Largest share of probability the prior can take from the model (0: off). */
  readonly weight: number;
  /** Shortest context (in tokens) that may predict; shorter matches say little about a file. */
  readonly minContext: number;
  /** Longest context looked up. */
  readonly maxContext: number;
}

export const DOCUMENT_PRIOR_DEFAULTS: DocumentPriorOptions = { weight: 0, minContext: 4, maxContext: 24 };

/** Followers of one context: token id → count, and their total. */
interface Followers {
  readonly counts: Map<number, number>;
  total: number;
}

/**
 * Occurrences of a context scanned per lookup at most: a common one (a run of indentation in a long
 * file) would otherwise cost a scan of the whole file per masked position. More are sampled evenly.
 */
const MAX_OCCURRENCES = 256;

/** Separates the document's fixed texts in `tokens`: no context spans a hole. */
const SEPARATOR = -1;

export class DocumentPrior {
  /** The document's fixed texts, one after another, SEPARATOR between them. */
  private readonly tokens: Int32Array;
  /** Hash of the minContext tokens before position i (nearest first) → every such i; likewise after. */
  private readonly before = new Map<number, number[]>();
  private readonly after = new Map<number, number[]>();
  private readonly probs: Float64Array;
  private readonly context: Int32Array;
  /** The skippable ids inside the row (ending the hole), and room for their probabilities. */
  private readonly endIds: Int32Array;
  private readonly endSaved: Float64Array;

  /**
   * `segments`: the document's fixed texts as token ids, each on its own (a hole separates them, so no
   * context spans one). Indexing is linear in the document (lookups find the longest match on demand),
   * so that a fill of a large file does not pay for tables of every context length.
   */
  constructor(
    segments: readonly (readonly number[])[],
    private readonly vocabSize: number,
    /** Ids with no text (pad, eos): stepped over when reading context; their probability (ending a hole) stays the model's. */
    private readonly skippable: ReadonlySet<number>,
    private readonly options: DocumentPriorOptions,
  ) {
    const total = segments.reduce((n, s) => n + s.length + 1, 0);
    const tokens = (this.tokens = new Int32Array(total));
    let at = 0;
    for (const s of segments) {
      tokens.set(s, at);
      at += s.length;
      tokens[at++] = SEPARATOR;
    }
    for (let i = 0; i < total; i++) {
      if (tokens[i] === SEPARATOR) continue;
      const left = this.hashRun(tokens, i - 1, -1);
      if (left !== null) push(this.before, left, i);
      const right = this.hashRun(tokens, i + 1, +1);
      if (right !== null) push(this.after, right, i);
    }
    this.probs = new Float64Array(vocabSize);
    this.context = new Int32Array(options.maxContext);
    this.endIds = Int32Array.from([...skippable].filter((id) => id < vocabSize));
    this.endSaved = new Float64Array(this.endIds.length);
  }

  /**
   * Mixes the prior into `row` (logits of window position `p`, rewritten in place as log-probabilities)
   * given the window's ids (`mask`: still unknown). Ending the hole at `p` (token `end`) puts `endFollower`
   * (the first token after the hole; -1: none known) next, so the prior's probability of that token goes
   * to `end`: it copies a line of the file up to where the text after the hole takes over, not past it.
   * Returns whether any context matched.
   */
  adjust(row: Float32Array, ids: Int32Array, p: number, mask: number, end: number, endFollower: number): boolean {
    const left = this.match(ids, p, -1, mask);
    const right = this.match(ids, p, +1, mask);
    if (!left && !right) return false;
    const V = this.vocabSize;
    const probs = this.probs;
    let max = -Infinity;
    for (let t = 0; t < V; t++) if (row[t] > max) max = row[t];
    if (max === -Infinity) return false;
    let sum = 0;
    for (let t = 0; t < V; t++) {
      const e = row[t] === row[t] ? Math.exp(row[t] - max) : 0;
      probs[t] = e;
      sum += e;
    }
    for (let t = 0; t < V; t++) probs[t] /= sum;
    // Whether the hole ends here stays the model's call (the file's n-grams never see a hole's end): the
    // prior reshapes only the probability of text tokens.
    let ending = 0;
    for (const id of this.endIds) ending += probs[id];
    const text = 1 - ending;
    for (const followers of [left, right]) {
      if (!followers || text <= 0) continue;
      // Witten-Bell: a context seen often with few different followers is trusted most.
      const lambda = this.options.weight * (followers.total / (followers.total + followers.counts.size));
      const ends = this.endIds;
      const saved = this.endSaved;
      for (let k = 0; k < ends.length; k++) saved[k] = probs[ends[k]];
      for (let t = 0; t < V; t++) probs[t] *= 1 - lambda;
      for (let k = 0; k < ends.length; k++) probs[ends[k]] = saved[k];
      for (const [id, n] of followers.counts) {
        const to = id === endFollower ? end : id;
        if (to < V) probs[to] += (text * lambda * n) / followers.total;
      }
    }
    for (let t = 0; t < V; t++) row[t] = probs[t] > 0 ? Math.log(probs[t]) : -Infinity;
    return true;
  }

  /**
   * The followers of the longest known context of `p` on side `step` (-1: the tokens before it) that
   * the document has, of at least minContext tokens; null if none.
   */
  private match(ids: Int32Array, p: number, step: -1 | 1, mask: number): Followers | null {
    const { minContext, maxContext } = this.options;
    const context = this.context;
    let n = 0;
    for (let q = p + step; q >= 0 && q < ids.length && n < maxContext; q += step) {
      const id = ids[q];
      if (id === mask) break;
      if (this.skippable.has(id)) continue;
      context[n++] = id;
    }
    if (n < minContext) return null;
    const occurrences = (step < 0 ? this.before : this.after).get(this.hashRun(context, 0, +1)!);
    if (!occurrences) return null;
    const tokens = this.tokens;
    const stride = Math.max(1, occurrences.length / MAX_OCCURRENCES);
    let best = 0;
    let found: Followers | null = null;
    for (let o = 0; o < occurrences.length; o += stride) {
      const i = occurrences[Math.floor(o)];
      let length = 0;
      for (let q = i + step; length < n && q >= 0 && q < tokens.length && tokens[q] === context[length]; q += step) length++;
      if (length < minContext || length < best) continue; // a hash collision, or a shorter match
      if (length > best) {
        best = length;
        found = { counts: new Map(), total: 0 };
      }
      found!.counts.set(tokens[i], (found!.counts.get(tokens[i]) ?? 0) + 1);
      found!.total++;
    }
    return found;
  }

  /** Hash of the minContext tokens of `tokens` from `from` on in direction `step`; null where a separator or the end comes first. */
  private hashRun(tokens: Int32Array, from: number, step: -1 | 1): number | null {
    let hash = SEED;
    for (let k = 0, q = from; k < this.options.minContext; k++, q += step) {
      if (q < 0 || q >= tokens.length || tokens[q] === SEPARATOR) return null;
      hash = extend(hash, tokens[q]);
    }
    return hash;
  }
}

const SEED = 0x2545f491;

/** Extends a context hash by one id (FNV-style on two 32-bit halves, kept below 2^53). */
function extend(hash: number, id: number): number {
  const low = Math.imul((hash | 0) ^ id, 0x01000193) >>> 0;
  const high = Math.imul(Math.floor(hash / 0x100000000) ^ (id + 0x9e3779b9), 0x5bd1e995) >>> 11;
  return high * 0x100000000 + low;
}

function push(index: Map<number, number[]>, key: number, position: number): void {
  const list = index.get(key);
  if (list) list.push(position);
  else index.set(key, [position]);
}
