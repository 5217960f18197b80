// The engine as the editor uses it: language runtimes per document, the model loaded lazily once (and
// again when `holefill.modelDirectory` changes), fills run one at a time on the model. Editor types are
// turned into plain data here; cancellation arrives as an AbortSignal.
import * as vscode from 'vscode';
import { HolefillError } from '../core/errors';
import type { DecodeProgress } from '../decode/sampler';
import { DEFAULT_BUDGET, type EarleyBudget } from '../check/earley';
import { CheckRunner, type WorkerCheckResult } from '../engine/check-runner';
import { fillHoles, type FillReport } from '../engine/fill';
import { loadLanguage, resolveLanguageId, type LanguageRuntime } from '../engine/language';
import { loadManifest, defaultModelDir } from '../model/manifest';
import { denoiserOf, loadModel, type LoadedModel } from '../model/load';
import { readSettings } from './settings';

interface ModelEntry {
  readonly dir: string;
  readonly loaded: Promise<LoadedModel>;
}

export interface FillOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DecodeProgress) => void;
  /** Mask slots per hole; absent: the setting (0: sized from context). */
  readonly holeTokens?: number;
  /**
   * Inline completions: the inline time budget bounds every check as well as the decoding, and an
   * unfinished fill gives up instead of computing the shortest completion (see FillRequest.quick).
   */
  readonly quick?: boolean;
}

export class EngineHost implements vscode.Disposable {
  private model: ModelEntry | undefined;
  /** Fills queue here: one forward pass at a time on the shared session. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly fillDone = new vscode.EventEmitter<FillReport>();
  /** Fires after every fill that ran to the end (for the status bar). */
  readonly onDidFill = this.fillDone.event;
  lastFill: FillReport | undefined;
  /** Support level of each language loaded so far (the status bar shows it without loading one). */
  readonly supportLevels = new Map<string, string>();
  private readonly languageLoaded = new vscode.EventEmitter<string>();
  readonly onDidLoadLanguage = this.languageLoaded.event;

  constructor(
    private readonly cacheDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private readonly checkRunner = new CheckRunner();

  /**
   * Checks `text` (the document's, with `marker` as holes) in the check worker, off the extension
   * host's thread: a check of a long file takes seconds.
   */
  async checkInWorker(document: vscode.TextDocument, text: string, marker: string, budget: EarleyBudget): Promise<WorkerCheckResult> {
    const runtime = await this.languageFor(document); // resolves the id (and the status bar's support level)
    return this.checkRunner.check(runtime.id, { cacheDir: this.cacheDir, custom: readSettings(document).customGrammars }, text, marker, budget);
  }

  /** The runtime for a document's language; throws HolefillError('unsupported-language') otherwise. */
  async languageFor(document: vscode.TextDocument): Promise<LanguageRuntime> {
    const custom = readSettings(document).customGrammars;
    const id = resolveLanguageId(document.languageId, document.uri.scheme === 'file' ? document.fileName : undefined, { custom });
    const t0 = performance.now();
    const runtime = await loadLanguage(id, { cacheDir: this.cacheDir, custom });
    if (!this.supportLevels.has(id)) {
      this.log.info(`language ${id} loaded in ${(performance.now() - t0).toFixed(0)} ms (${runtime.supportLevel} support)`);
      this.supportLevels.set(id, runtime.supportLevel);
      this.languageLoaded.fire(id);
    }
    return runtime;
  }

  /** The language's id when Holefill serves it, else undefined (no load). */
  servedLanguage(document: vscode.TextDocument): string | undefined {
    try {
      return resolveLanguageId(document.languageId, undefined, { custom: readSettings(document).customGrammars });
    } catch {
      return undefined;
    }
  }

  /** The model folder in use now (the setting, else the embedded model). */
  modelDir(): string {
    return readSettings().modelDirectory || defaultModelDir();
  }

  /** The model's name from its manifest, without loading the model; null when the folder is not a model. */
  modelName(): string | null {
    try {
      return loadManifest(this.modelDir()).name;
    } catch {
      return null;
    }
  }

  private loadedModel(): Promise<LoadedModel> {
    const dir = this.modelDir();
    if (this.model?.dir !== dir) {
      this.disposeModel();
      const t0 = performance.now();
      const loaded = loadModel(dir).then(
        (m) => {
          this.log.info(`model ${m.manifest.name} loaded from ${dir} in ${(performance.now() - t0).toFixed(0)} ms`);
          return m;
        },
        (e: unknown) => {
          if (this.model?.loaded === loaded) this.model = undefined;
          if (e instanceof HolefillError) throw e;
          throw new HolefillError(`cannot load the model in ${dir}: ${(e as Error).message}`, 'bad-model');
        },
      );
      this.model = { dir, loaded };
    }
    return this.model.loaded;
  }

  /** Fills `holes` of `source` (the document's text) with the settings of `document`. */
  fill(document: vscode.TextDocument, source: string, holes: ReadonlyArray<readonly [number, number]>, options: FillOptions = {}): Promise<FillReport> {
    const run = async (): Promise<FillReport> => {
      options.signal?.throwIfAborted();
      const runtime = await this.languageFor(document);
      const loaded = await this.loadedModel();
      options.signal?.throwIfAborted();
      const settings = readSettings(document);
      const timeBudgetMs = options.quick ? settings.inlineTimeBudgetMs : settings.timeBudgetMs;
      const report = await fillHoles(
        {
          runtime,
          model: denoiserOf(loaded),
          vocab: loaded.tokenizer,
          source,
          holes,
          holeTokens: options.holeTokens ?? settings.maskSlotsPerHole,
          quick: options.quick,
          checkBudget: options.quick ? { ...DEFAULT_BUDGET, maxMs: timeBudgetMs } : undefined,
          sampler: {
            steps: settings.steps,
            blockLength: settings.blockLength,
            documentPrior: settings.documentPrior,
            temperature: settings.temperature,
            timeBudgetMs,
            signal: options.signal,
          },
        },
        options.onProgress,
      );
      this.lastFill = report;
      this.fillDone.fire(report);
      return report;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private disposeModel(): void {
    const old = this.model;
    this.model = undefined;
    void old?.loaded.then((m) => m.session.dispose()).catch(() => undefined);
  }

  dispose(): void {
    this.disposeModel();
    this.checkRunner.dispose();
    this.fillDone.dispose();
    this.languageLoaded.dispose();
  }
}

/** True for the error a cancelled fill rejects with. */
export function isCancellation(error: unknown): boolean {
  return (error instanceof HolefillError && error.code === 'cancelled') || (error instanceof Error && error.name === 'AbortError');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
