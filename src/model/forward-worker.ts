// A worker thread that hosts a model's ONNX session, so that forward passes run beside the thread that
// asks for them: the sampler checks one step's commits while the model computes the next step
// (src/decode/sampler.ts), and the editor's extension host is never blocked by inference.
// Started by ThreadedModelSession (threaded-session.ts); requests are answered in order.
import { parentPort } from 'node:worker_threads';
import type { ModelManifest } from './manifest';
import { ModelSession, type SessionOptions } from './session';

export type ForwardWorkerRequest =
  | { readonly kind: 'open'; readonly manifest: ModelManifest; readonly options: SessionOptions }
  | { readonly kind: 'forward'; readonly id: number; readonly ids: Int32Array }
  | { readonly kind: 'dispose' };

export type ForwardWorkerResponse =
  | { readonly kind: 'opened'; readonly vocab: number }
  | { readonly kind: 'logits'; readonly id: number; readonly logits: Float32Array; readonly ms: number }
  | { readonly kind: 'error'; readonly id: number | null; readonly message: string; readonly code?: string }
  | { readonly kind: 'disposed' };

let session: ModelSession | null = null;

async function answer(request: ForwardWorkerRequest): Promise<ForwardWorkerResponse> {
  const id = request.kind === 'forward' ? request.id : null;
  try {
    switch (request.kind) {
      case 'open':
        session = await ModelSession.open(request.manifest, request.options);
        return { kind: 'opened', vocab: session.vocab };
      case 'forward': {
        if (!session) throw new Error('forward pass before the model was opened');
        const out = await session.forward(request.ids);
        return { kind: 'logits', id: request.id, logits: out.logits, ms: out.ms };
      }
      case 'dispose':
        await session?.dispose();
        session = null;
        return { kind: 'disposed' };
    }
  } catch (e) {
    const error = e as Error & { code?: string };
    return { kind: 'error', id, message: error.message, code: error.code };
  }
}

// One request at a time, in order: a forward pass never starts before the one asked for earlier.
let queue = Promise.resolve();
parentPort?.on('message', (request: ForwardWorkerRequest) => {
  queue = queue.then(async () => {
    const response = await answer(request);
    // The logits' buffer moves to the caller instead of being copied (the session made it for this answer).
    const transfer = response.kind === 'logits' && response.logits.byteOffset === 0 && response.logits.byteLength === response.logits.buffer.byteLength ? [response.logits.buffer as ArrayBuffer] : [];
    parentPort!.postMessage(response, transfer);
  });
});
