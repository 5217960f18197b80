import * as ort from 'onnxruntime-node';
import { HolefillError } from '../core/errors';
import type { ModelManifest } from './manifest';

export interface SessionOptions {
  /** Threads inside one operator (default 1: the editor and the checker need the other cores). */
  readonly intraOpNumThreads?: number;
}

/** What the sampler's adapter needs of a session: ModelSession here, ThreadedModelSession in a worker. */
export interface ForwardSession {
  readonly manifest: ModelManifest;
  /** Size of the logits' last axis. */
  readonly vocab: number;
  forward(ids: ArrayLike<number>): Promise<ForwardResult>;
  dispose(): Promise<void>;
}

/** Logits of one forward pass: row-major [length, vocab]. */
export interface ForwardResult {
  readonly logits: Float32Array;
  readonly length: number;
  readonly vocab: number;
  readonly ms: number;
}

/**
 * An ONNX diffusion LM checked against its manifest: the graph must take the manifest's input (int64 or
 * int32 token ids [1, T], nothing else required) and give the manifest's output (float32 [1, T, V]).
 * A probe forward pass at open time checks the output's shape and that V covers the special tokens.
 */
export class ModelSession implements ForwardSession {
  private constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    private readonly inputType: 'int64' | 'int32',
    /** Size of the logits' last axis (may exceed the tokenizer's size: padded vocabularies). */
    readonly vocab: number,
  ) {}

  static async open(manifest: ModelManifest, options: SessionOptions = {}): Promise<ModelSession> {
    const where = `model ${manifest.onnxPath} (manifest ${manifest.manifestPath})`;
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(manifest.onnxPath, {
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (e) {
      throw new HolefillError(`Cannot load ${where}: ${(e as Error).message}`, 'bad-model');
    }
    const inputType = checkGraph(session, manifest, where);
    const probe = new ModelSession(manifest, session, inputType, 0);
    const ids = [0, 0]; // id 0 exists in every vocabulary; the manifest's ids are checked against V below
    let out: ort.Tensor;
    try {
      out = await probe.run(ids);
    } catch (e) {
      throw new HolefillError(`The probe forward pass of ${where} failed: ${(e as Error).message}`, 'bad-model');
    }
    const dims = out.dims;
    if (dims.length !== 3 || dims[0] !== 1 || dims[1] !== ids.length) {
      throw new HolefillError(
        `${where}: output "${manifest.outputName}" has shape [${dims.join(', ')}] for an input of shape [1, ${ids.length}]; expected [1, ${ids.length}, vocab].`,
        'bad-model',
      );
    }
    const vocab = dims[2];
    const largestId = Math.max(manifest.maskTokenId, manifest.eosTokenId, manifest.padTokenId ?? 0, ...manifest.prefixTokenIds);
    if (largestId >= vocab) {
      throw new HolefillError(`${where}: the manifest uses token id ${largestId}, but the model's logits cover only ${vocab} ids.`, 'bad-model');
    }
    return new ModelSession(manifest, session, inputType, vocab);
  }

  /** One forward pass over `ids` (at most the manifest's maxLength). */
  async forward(ids: ArrayLike<number>): Promise<ForwardResult> {
    if (ids.length === 0) throw new HolefillError('A forward pass needs at least one token.', 'usage');
    if (ids.length > this.manifest.maxLength) {
      throw new HolefillError(`${ids.length} tokens exceed the model's maxLength ${this.manifest.maxLength}.`, 'usage');
    }
    const start = performance.now();
    const out = await this.run(ids);
    return { logits: out.data as Float32Array, length: ids.length, vocab: this.vocab, ms: performance.now() - start };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }

  private async run(ids: ArrayLike<number>): Promise<ort.Tensor> {
    const data = this.inputType === 'int64' ? BigInt64Array.from(Array.from(ids, BigInt)) : Int32Array.from(ids);
    const feeds = { [this.manifest.inputName]: new ort.Tensor(this.inputType, data, [1, ids.length]) };
    const results = await this.session.run(feeds, [this.manifest.outputName]);
    const out = results[this.manifest.outputName];
    if (out.type !== 'float32') {
      throw new HolefillError(`model ${this.manifest.onnxPath}: output "${this.manifest.outputName}" is ${out.type}, expected float32.`, 'bad-model');
    }
    return out;
  }
}

/** Compares the graph's inputs and outputs with the manifest; returns the token id type. */
function checkGraph(session: ort.InferenceSession, manifest: ModelManifest, where: string): 'int64' | 'int32' {
  const inputs = session.inputMetadata;
  const outputs = session.outputMetadata;
  const describe = (list: readonly ort.InferenceSession.ValueMetadata[]) =>
    list.map((m) => (m.isTensor ? `${m.name} (${m.type} [${m.shape.join(', ')}])` : `${m.name} (not a tensor)`)).join(', ') || 'none';
  const input = inputs.find((m) => m.name === manifest.inputName);
  if (!input) {
    throw new HolefillError(`${where}: the graph has no input "${manifest.inputName}" (set "inputName" in the manifest); its inputs are ${describe(inputs)}.`, 'bad-model');
  }
  const extra = inputs.filter((m) => m.name !== manifest.inputName);
  if (extra.length > 0) {
    throw new HolefillError(`${where}: the graph needs inputs Holefill does not provide: ${describe(extra)}; export it with "${manifest.inputName}" as its only input.`, 'bad-model');
  }
  if (!input.isTensor || (input.type !== 'int64' && input.type !== 'int32')) {
    throw new HolefillError(`${where}: input "${manifest.inputName}" is ${describe([input])}; expected int64 or int32 token ids of shape [1, T].`, 'bad-model');
  }
  if (input.shape.length !== 2 && input.shape.length !== 0) {
    throw new HolefillError(`${where}: input "${manifest.inputName}" has shape [${input.shape.join(', ')}]; expected [1, T].`, 'bad-model');
  }
  if (input.shape.length === 2 && typeof input.shape[1] === 'number' && input.shape[1] !== -1) {
    throw new HolefillError(
      `${where}: input "${manifest.inputName}" has a fixed sequence length ${input.shape[1]}; export it with a dynamic sequence axis.`,
      'bad-model',
    );
  }
  const output = outputs.find((m) => m.name === manifest.outputName);
  if (!output) {
    throw new HolefillError(`${where}: the graph has no output "${manifest.outputName}" (set "outputName" in the manifest); its outputs are ${describe(outputs)}.`, 'bad-model');
  }
  if (!output.isTensor || output.type !== 'float32') {
    throw new HolefillError(`${where}: output "${manifest.outputName}" is ${describe([output])}; expected float32 logits [1, T, vocab].`, 'bad-model');
  }
  return input.type;
}
