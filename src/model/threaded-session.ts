// A model session whose forward passes run in a worker thread (forward-worker.ts). The caller's thread
// stays free while the model computes: the sampler checks commits meanwhile, the editor stays responsive.
// Same contract and errors as ModelSession (the worker opens one and answers with its results).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorFromThread, HolefillError } from '../core/errors';
import type { ForwardWorkerRequest, ForwardWorkerResponse } from './forward-worker';
import type { ModelManifest } from './manifest';
import type { ForwardResult, SessionOptions } from './session';

/** How long dispose waits for the worker's running forward pass before terminating it anyway. */
const DISPOSE_WAIT_MS = 10_000;

export class ThreadedModelSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ForwardResult) => void; reject: (e: Error) => void; length: number }>();
  private failure: Error | null = null;
  private disposed = false;

  private constructor(
    readonly manifest: ModelManifest,
    private readonly worker: Worker,
    readonly vocab: number,
  ) {
    worker.on('message', (response: ForwardWorkerResponse) => this.onMessage(response));
    worker.on('error', (e) => this.fail(new HolefillError(`The model's worker thread failed: ${e.message}`, 'bad-model')));
    worker.on('exit', (code) => this.fail(new HolefillError(`The model's worker thread exited (code ${code}).`, 'bad-model')));
    worker.unref(); // referenced only while a forward pass is pending (see forward)
  }

  /** Opens `manifest`'s model in a new worker; rejects as ModelSession.open does for a bad model. */
  static async open(manifest: ModelManifest, options: SessionOptions = {}, workerFile = join(__dirname, 'forward-worker.js')): Promise<ThreadedModelSession> {
    const worker = new Worker(workerFile);
    const opened = await new Promise<number>((resolve, reject) => {
      const onMessage = (response: ForwardWorkerResponse) => {
        cleanup();
        if (response.kind === 'opened') resolve(response.vocab);
        else if (response.kind === 'error') reject(errorFromThread(response));
        else reject(new Error(`unexpected answer "${response.kind}" from the model's worker`));
      };
      const onError = (e: Error) => (cleanup(), reject(new HolefillError(`The model's worker thread failed to start: ${e.message}`, 'bad-model')));
      const onExit = (code: number) => (cleanup(), reject(new HolefillError(`The model's worker thread exited (code ${code}) while opening ${manifest.onnxPath}.`, 'bad-model')));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const request: ForwardWorkerRequest = { kind: 'open', manifest, options };
      worker.postMessage(request);
    }).catch(async (e: unknown) => {
      await worker.terminate();
      throw e;
    });
    return new ThreadedModelSession(manifest, worker, opened);
  }

  /** One forward pass over `ids` (at most the manifest's maxLength); the ids are copied at the call. */
  forward(ids: ArrayLike<number>): Promise<ForwardResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.disposed) return Promise.reject(new HolefillError('The model was closed.', 'usage'));
    if (ids.length === 0) return Promise.reject(new HolefillError('A forward pass needs at least one token.', 'usage'));
    if (ids.length > this.manifest.maxLength) {
      return Promise.reject(new HolefillError(`${ids.length} tokens exceed the model's maxLength ${this.manifest.maxLength}.`, 'usage'));
    }
    const id = this.nextId++;
    const copy = Int32Array.from(ids);
    return new Promise<ForwardResult>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, length: copy.length });
      const request: ForwardWorkerRequest = { kind: 'forward', id, ids: copy };
      this.worker.postMessage(request, [copy.buffer]);
    });
  }

  /**
   * Closes the model. A forward pass still running in the worker (one the sampler asked for ahead and no
   * longer needs) is let finish first: terminating the thread under a running onnxruntime call aborts
   * the whole process when that call returns.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.fail(new HolefillError('The model was closed.', 'usage'));
    if (this.worker.threadId >= 0) {
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.worker.off('message', onMessage), this.worker.off('exit', done), resolve());
        const onMessage = (response: ForwardWorkerResponse) => response.kind === 'disposed' && done();
        const timer = setTimeout(done, DISPOSE_WAIT_MS);
        this.worker.on('message', onMessage);
        this.worker.on('exit', done);
        this.worker.ref();
        const request: ForwardWorkerRequest = { kind: 'dispose' };
        this.worker.postMessage(request);
      });
    }
    await this.worker.terminate();
  }

  private onMessage(response: ForwardWorkerResponse): void {
    if (response.kind !== 'logits' && !(response.kind === 'error' && response.id !== null)) return;
    const waiting = this.pending.get(response.id!);
    if (!waiting) return;
    this.pending.delete(response.id!);
    if (this.pending.size === 0) this.worker.unref();
    if (response.kind === 'logits') waiting.resolve({ logits: response.logits, length: waiting.length, vocab: this.vocab, ms: response.ms });
    else waiting.reject(errorFromThread(response));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}
