// Runs completability checks in a worker thread (check-worker.ts), started on first use and restarted
// if it dies. Requests are answered in order; a caller that no longer wants an answer just drops it.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorFromThread, HolefillError } from '../core/errors';
import type { EarleyBudget } from '../check/earley';
import type { DocumentCheckReport } from './check-document';
import type { CheckRequest, CheckResponse } from './check-worker';
import type { LanguageOptions } from './language';

export interface WorkerCheckResult {
  readonly report: DocumentCheckReport;
  /** The markers found, as offsets of the text. */
  readonly holeSpans: Array<[number, number]>;
}

export class CheckRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WorkerCheckResult) => void; reject: (e: Error) => void }>();

  /** `workerFile`: the compiled check-worker.js (beside this module in the bundle and in out/). */
  constructor(private readonly workerFile = join(__dirname, 'check-worker.js')) {}

  check(languageId: string, languageOptions: LanguageOptions, text: string, marker: string, budget: EarleyBudget): Promise<WorkerCheckResult> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: CheckRequest = { id, languageId, languageOptions, text, marker, budget };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new HolefillError('the check was stopped', 'cancelled'));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref(); // an idle checker never keeps a process alive (the CLI, the tests)
    worker.on('message', (response: CheckResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      // The worker's errors keep their HolefillError code (e.g. an unsupported language) across the thread.
      if ('error' in response) waiting.reject(errorFromThread(response.error));
      else waiting.resolve({ report: response.report, holeSpans: response.holeSpans });
    });
    const died = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the check worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
