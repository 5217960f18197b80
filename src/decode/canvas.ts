import { HolefillError } from '../core/errors';
import type { DenoiserModel, TokenVocabulary } from './types';

/**
 * A document with holes as the sampler sees it: `fixedTexts[0]` hole 0 `fixedTexts[1]` hole 1 …
 * `fixedTexts[n]`, where hole h gets `holeSlots[h]` mask tokens (its most tokens).
 */
export interface InfillSpec {
  /** The fixed texts around the holes: one more than there are holes (prefix, between texts, suffix). */
  readonly fixedTexts: readonly string[];
  /** Mask slots per hole. */
  readonly holeSlots: readonly number[];
}

/** The token sequence one forward pass sees: prefix ids, fixed context tokens and mask slots. */
export interface Canvas {
  /** Token ids of the window; mask slots hold the mask token. */
  readonly ids: Int32Array;
  /** Window position of slot 0 of each hole (a hole's slots are contiguous). */
  readonly holeStart: Int32Array;
  readonly holeSlots: Int32Array;
  /** Fixed-text tokens of the whole document (prefix ids not counted). */
  readonly contextTokens: number;
  /** How many of those the window leaves out because the model's maxLength is too short. */
  readonly contextTokensCut: number;
  /** Token ids of each fixed text of the whole document (window cuts not applied). */
  readonly fixedSegments: readonly (readonly number[])[];
}

/**
 * Tokenises each fixed text on its own and lays out the canvas. When it exceeds the model's maxLength,
 * fixed tokens are kept by their distance to the nearest hole (nearest first, earlier first among
 * equals): every hole keeps its slots and as much context on both sides as fits, and text between
 * close holes is kept whole. The checker still sees the whole file; only the model's view is cut.
 */
export function buildCanvas(spec: InfillSpec, vocab: TokenVocabulary, model: DenoiserModel): Canvas {
  const holes = spec.holeSlots.length;
  if (spec.fixedTexts.length !== holes + 1) {
    throw new HolefillError(`an infill needs one more fixed text than holes; got ${spec.fixedTexts.length} texts for ${holes} holes`, 'usage');
  }
  for (const [h, k] of spec.holeSlots.entries()) {
    if (!Number.isInteger(k) || k < 0) throw new HolefillError(`hole ${h} has ${k} mask slots; expected a whole number ≥ 0`, 'usage');
  }
  const prefixIds = model.prefixTokenIds ?? [];
  const segments = spec.fixedTexts.map((text) => (text.length > 0 ? vocab.encode(text) : []));
  const slotTotal = spec.holeSlots.reduce((a, b) => a + b, 0);
  const contextTokens = segments.reduce((a, s) => a + s.length, 0);
  const contextBudget = model.maxLength - prefixIds.length - slotTotal;
  if (contextBudget < 0) {
    throw new HolefillError(
      `the holes need ${slotTotal} mask tokens${prefixIds.length ? ` (plus ${prefixIds.length} prefix tokens)` : ''}, more than the model's window of ${model.maxLength} tokens; give the holes fewer mask tokens or fill fewer holes at once`,
      'usage',
    );
  }
  const keep = segments.map((s) => new Uint8Array(s.length).fill(1));
  if (contextTokens > contextBudget) keepNearestToHoles(segments, keep, contextBudget, holes);

  const kept = keep.reduce((a, k) => a + k.reduce((x, y) => x + y, 0), 0);
  const ids = new Int32Array(prefixIds.length + kept + slotTotal);
  const holeStart = new Int32Array(holes);
  let at = 0;
  for (const id of prefixIds) ids[at++] = id;
  for (let k = 0; k <= holes; k++) {
    const segment = segments[k];
    for (let i = 0; i < segment.length; i++) if (keep[k][i]) ids[at++] = segment[i];
    if (k < holes) {
      holeStart[k] = at;
      ids.fill(model.maskTokenId, at, at + spec.holeSlots[k]);
      at += spec.holeSlots[k];
    }
  }
  return { ids, holeStart, holeSlots: Int32Array.from(spec.holeSlots), contextTokens, contextTokensCut: contextTokens - kept, fixedSegments: segments };
}

/** Clears `keep` for all but the `budget` fixed tokens nearest to a hole boundary. */
function keepNearestToHoles(segments: readonly number[][], keep: Uint8Array[], budget: number, holes: number): void {
  // Distance of token i of segment k: to hole k-1 on its left (i+1), to hole k on its right (length-i).
  const distance = (k: number, i: number) =>
    Math.min(k > 0 ? i + 1 : Infinity, k < holes ? segments[k].length - i : Infinity);
  let longest = 0;
  for (const s of segments) longest = Math.max(longest, s.length);
  const perDistance = new Int32Array(longest + 2); // distances 1..longest; the last bin: no hole at all
  for (let k = 0; k < segments.length; k++) {
    for (let i = 0; i < segments[k].length; i++) perDistance[Math.min(distance(k, i), longest + 1)]++;
  }
  // The largest distance D whose tokens all fit; the ones at D+1 fill the rest in text order.
  let cutoff = 0;
  let used = 0;
  while (cutoff + 1 < perDistance.length && used + perDistance[cutoff + 1] <= budget) used += perDistance[++cutoff];
  let partial = budget - used;
  for (let k = 0; k < segments.length; k++) {
    for (let i = 0; i < segments[k].length; i++) {
      const d = Math.min(distance(k, i), longest + 1);
      if (d <= cutoff) continue;
      if (d === cutoff + 1 && partial > 0) partial--;
      else keep[k][i] = 0;
    }
  }
}
