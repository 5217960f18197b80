// The `holefill.*` settings, read through one typed function with a normaliser per setting, so a bad
// value in settings.json falls back to the default instead of reaching the engine. Read on every use:
// changes take effect without a reload.
//
// Adding a setting: declare it in package.json `contributes.configuration`, add a field here and its
// normaliser in readSettings.
import * as vscode from 'vscode';
import type { CustomLanguage } from '../engine/language';

export interface HolefillSettings {
  /** Absolute folder of the model; '' for the embedded default. */
  readonly modelDirectory: string;
  readonly holeMarker: string;
  /** Diffusion steps per fill; 0: one per mask slot. */
  readonly steps: number;
  readonly temperature: number;
  /** Mask slots per block of semi-autoregressive decoding; undefined: the model's own (its manifest). */
  readonly blockLength: number | undefined;
  /** null in the settings: the model's own weight. */
  readonly documentPrior: number | undefined;
  /** Mask slots per hole; 0: sized from the hole's context. */
  readonly maskSlotsPerHole: number;
  readonly timeBudgetMs: number;
  /** "apply": a fill goes into the document at once; "preview": it is shown in the holes until accepted or discarded. */
  readonly fillMode: 'apply' | 'preview';
  readonly inlineCompletionsEnabled: boolean;
  /** Time budget of one inline completion (ms): decoding and every check; then no ghost text. */
  readonly inlineTimeBudgetMs: number;
  readonly liveCheckEnabled: boolean;
  readonly customGrammars: readonly CustomLanguage[];
}

export const DEFAULT_MARKER = '<|hole|>';

function nonNegativeInt(value: unknown, fallback: number, min = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

function customGrammars(value: unknown): CustomLanguage[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is CustomLanguage =>
      typeof v === 'object' && v !== null && ['languageId', 'grammarJson', 'wasm'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string'),
  );
}

/** The settings as they apply to `scope` (a document, for the language-overridable ones). */
export function readSettings(scope?: vscode.ConfigurationScope): HolefillSettings {
  const c = vscode.workspace.getConfiguration('holefill', scope);
  const modelDirectory = c.get<unknown>('modelDirectory');
  const marker = c.get<unknown>('holeMarker');
  const temperature = c.get<unknown>('temperature');
  const documentPrior = c.get<unknown>('documentPrior');
  return {
    modelDirectory: typeof modelDirectory === 'string' ? modelDirectory.trim() : '',
    holeMarker: typeof marker === 'string' && marker.length > 0 ? marker : DEFAULT_MARKER,
    steps: nonNegativeInt(c.get('steps'), 0),
    temperature: typeof temperature === 'number' && temperature >= 0 ? temperature : 0,
    maskSlotsPerHole: nonNegativeInt(c.get('maskSlotsPerHole'), 0),
    blockLength: typeof c.get('blockLength') === 'number' ? nonNegativeInt(c.get('blockLength'), 0) : undefined,
    documentPrior: typeof documentPrior === 'number' && documentPrior >= 0 && documentPrior <= 1 ? documentPrior : undefined,
    timeBudgetMs: nonNegativeInt(c.get('timeBudgetMs'), 10_000, 100),
    fillMode: c.get<unknown>('fillMode') === 'preview' ? 'preview' : 'apply',
    inlineCompletionsEnabled: c.get<unknown>('inlineCompletions.enabled') !== false,
    inlineTimeBudgetMs: nonNegativeInt(c.get('inlineCompletions.timeBudgetMs'), 1500, 50),
    liveCheckEnabled: c.get<unknown>('liveCheck.enabled') !== false,
    customGrammars: customGrammars(c.get('customGrammars')),
  };
}
