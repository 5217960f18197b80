import { HolefillError } from '../core/errors';
import { defaultModelDir, loadManifest, type ModelManifest } from './manifest';
import { ModelSession, type ForwardSession, type SessionOptions } from './session';
import { ThreadedModelSession } from './threaded-session';
import { Tokenizer } from './tokenizer';

/** A model ready to run: manifest, tokenizer and ONNX session, checked against each other. */
export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly tokenizer: Tokenizer;
  readonly session: ForwardSession;
}

/**
 * The model as the sampler sees it (src/decode's DenoiserModel, matched structurally: src/model sits
 * below src/decode and does not import it). Forward passes are timed in `stats`.
 */
export function denoiserOf(model: LoadedModel) {
  const { manifest, session } = model;
  const stats = { forwardPasses: 0, forwardMs: 0 };
  return {
    vocabSize: session.vocab,
    maskTokenId: manifest.maskTokenId,
    padTokenId: manifest.padTokenId,
    eosTokenId: manifest.eosTokenId,
    maxLength: manifest.maxLength,
    shiftedLogits: manifest.shiftedLogits,
    prefixTokenIds: manifest.prefixTokenIds,
    blockLength: manifest.blockLength,
    documentPrior: manifest.documentPrior,
    stats,
    async forward(ids: Int32Array): Promise<Float32Array> {
      const out = await session.forward(ids);
      stats.forwardPasses++;
      stats.forwardMs += out.ms;
      return out.logits;
    },
  };
}

export interface LoadOptions extends SessionOptions {
  /**
   * Where forward passes run: 'worker' (default), a worker thread of their own, so that the caller's
   * thread checks commits meanwhile; 'caller', on the calling thread.
   */
  readonly thread?: 'worker' | 'caller';
}

/** Loads the model in `dir` (default: the embedded model) and checks that its parts agree. */
export async function loadModel(dir: string = defaultModelDir(), options: LoadOptions = {}): Promise<LoadedModel> {
  const manifest = loadManifest(dir);
  const tokenizer = Tokenizer.fromFile(manifest.tokenizerPath);
  checkTokenizerAgainstManifest(manifest, tokenizer);
  const sessionOptions: SessionOptions = { intraOpNumThreads: options.intraOpNumThreads };
  const session = options.thread === 'caller' ? await ModelSession.open(manifest, sessionOptions) : await ThreadedModelSession.open(manifest, sessionOptions);
  if (session.vocab < tokenizer.size) {
    await session.dispose();
    throw new HolefillError(
      `${manifest.onnxPath}: the model's logits cover ${session.vocab} token ids but the tokenizer ${manifest.tokenizerPath} has ${tokenizer.size}.`,
      'bad-model',
    );
  }
  return { manifest, tokenizer, session };
}

/** The manifest's mask/eos/pad ids must be tokens of the tokenizer that never stand for text. */
export function checkTokenizerAgainstManifest(manifest: ModelManifest, tokenizer: Tokenizer): void {
  const check = (field: string, id: number | null) => {
    if (id === null) return;
    if (id >= tokenizer.size) {
      throw new HolefillError(`${manifest.manifestPath}: ${field} ${id} is outside the tokenizer's ${tokenizer.size} ids (${manifest.tokenizerPath}).`, 'bad-model');
    }
    if (tokenizer.tokenBytes[id].length > 0) {
      throw new HolefillError(
        `${manifest.manifestPath}: ${field} ${id} is the ordinary token ${JSON.stringify(tokenizer.tokenTexts[id])} in ${manifest.tokenizerPath}, not a special token.`,
        'bad-model',
      );
    }
  };
  check('maskTokenId', manifest.maskTokenId);
  check('eosTokenId', manifest.eosTokenId);
  check('padTokenId', manifest.padTokenId);
}
