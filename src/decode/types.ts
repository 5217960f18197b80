/**
 * What the sampler needs from a diffusion LM and its tokenizer. src/model implements these (an adapter
 * over its ONNX session and tokenizer); the sampler never sees onnxruntime.
 */

/** A bidirectional denoiser: logits for every position of a sequence that holds mask tokens. */
export interface DenoiserModel {
  /** Width of a logits row (may exceed the tokenizer's size: padded vocabularies). */
  readonly vocabSize: number;
  readonly maskTokenId: number;
  /** Token that ends a hole early; null when the model has none (then eos does). */
  readonly padTokenId: number | null;
  readonly eosTokenId: number;
  /** Longest sequence one forward pass accepts, prefix tokens included. */
  readonly maxLength: number;
  /** Dream family: logits row i-1 predicts position i (position 0 reads row 0, as Dream does). */
  readonly shiftedLogits: boolean;
  /** Token ids always put before the canvas (e.g. BOS); none when absent. */
  readonly prefixTokenIds?: readonly number[];
  /** The block length the model decodes best with (the sampler's default; 0: one block). */
  readonly blockLength?: number;
  /** The weight of the document prior that suits the model (document-prior.ts; 0 or absent: off). */
  readonly documentPrior?: number;
  /** One forward pass: T×V logits, row-major, for the T ids given. The sampler only reads the array. */
  forward(ids: Int32Array): Promise<Float32Array>;
}

/** The tokenizer as the sampler sees it. */
export interface TokenVocabulary {
  /** Decoded text of token `id`; null for special tokens (mask, pad, eos, ...) and unused ids. */
  tokenText(id: number): string | null;
  /** Token ids of ordinary text (no special tokens parsed). */
  encode(text: string): number[];
}
