// A worker thread that runs completability checks, so that a check of a long file (seconds, for Python)
// never blocks the thread that asked for it: the editor's extension host stays free for completions,
// fills and other extensions. Started by CheckRunner (check-runner.ts); one request at a time.
import { parentPort } from 'node:worker_threads';
import { piecesFromMarkedText } from '../check/document';
import type { EarleyBudget } from '../check/earley';
import { checkDocument, type DocumentCheckReport } from './check-document';
import { loadLanguage, type LanguageOptions } from './language';

export interface CheckRequest {
  readonly id: number;
  readonly languageId: string;
  readonly languageOptions: LanguageOptions;
  readonly text: string;
  readonly marker: string;
  readonly budget: EarleyBudget;
}

export type CheckResponse =
  | { readonly id: number; readonly report: DocumentCheckReport; readonly holeSpans: Array<[number, number]> }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

async function answer(request: CheckRequest): Promise<CheckResponse> {
  try {
    const runtime = await loadLanguage(request.languageId, request.languageOptions);
    const marked = piecesFromMarkedText(request.text, request.marker);
    const report = checkDocument(runtime, request.text, marked.pieces, marked.holeSpans.length, request.budget, undefined, marked.holeSpans);
    return { id: request.id, report, holeSpans: marked.holeSpans };
  } catch (e) {
    const error = e as Error & { code?: string };
    return { id: request.id, error: { message: error.message, code: error.code } };
  }
}

parentPort?.on('message', (request: CheckRequest) => {
  void answer(request).then((response) => parentPort!.postMessage(response));
});
