import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HolefillError } from '../core/errors';
import { packageRoot } from '../core/paths';

/** The file in a model directory that describes the model. */
export const MANIFEST_FILE = 'holefill-model.json';

/**
 * What Holefill needs to know about a diffusion LM exported to ONNX (`holefill-model.json`).
 * Paths are resolved against the model directory.
 */
export interface ModelManifest {
  /** The model directory (absolute). */
  readonly dir: string;
  /** The manifest file itself (absolute), for error messages. */
  readonly manifestPath: string;
  readonly name: string;
  /** The ONNX graph (absolute path). */
  readonly onnxPath: string;
  /** The Hugging Face tokenizer.json (absolute path). */
  readonly tokenizerPath: string;
  readonly maskTokenId: number;
  readonly eosTokenId: number;
  /** Token that ends a hole early; null when the model has none (then eos ends a hole). */
  readonly padTokenId: number | null;
  /** True for Dream-family models: the logits at position i predict token i+1. */
  readonly shiftedLogits: boolean;
  /** Longest sequence the model was trained on (tokens). */
  readonly maxLength: number;
  /** Name of the graph's int64/int32 [1, T] token id input. */
  readonly inputName: string;
  /** Name of the graph's float32 [1, T, V] logits output. */
  readonly outputName: string;
  /** Token ids to put before the text (e.g. a BOS token); empty for most models. */
  readonly prefixTokenIds: readonly number[];
  /** Semi-autoregressive block (mask slots per block, in text order) the model decodes best with; 0: one block. */
  readonly blockLength: number;
  /** Weight of the document prior (n-gram statistics of the whole file) that suits the model; 0: off. */
  readonly documentPrior: number;
}

/** The embedded default model shipped under models/default. */
export function defaultModelDir(): string {
  return join(packageRoot(), 'models', 'default');
}

/** Reads and validates `<dir>/holefill-model.json`. Errors name the file and the field. */
export function loadManifest(dir: string): ModelManifest {
  const absDir = resolve(dir);
  const manifestPath = join(absDir, MANIFEST_FILE);
  if (!existsSync(absDir) || !statSync(absDir).isDirectory()) {
    throw new HolefillError(`Model directory ${absDir} does not exist (or is not a directory).`, 'bad-model');
  }
  if (!existsSync(manifestPath)) {
    throw new HolefillError(
      `Model directory ${absDir} has no ${MANIFEST_FILE}; a Holefill model directory needs one (see models/README.md).`,
      'bad-model',
    );
  }
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (e) {
    throw new HolefillError(`Cannot read ${manifestPath}: ${(e as Error).message}`, 'io');
  }
  return parseManifest(text, absDir, manifestPath);
}

/** Validates manifest text; `dir` resolves relative paths, `manifestPath` appears in errors. */
export function parseManifest(text: string, dir: string, manifestPath: string): ModelManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HolefillError(`${manifestPath} is not valid JSON: ${(e as Error).message}`, 'bad-model');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HolefillError(`${manifestPath} must hold a JSON object.`, 'bad-model');
  }
  const fields = raw as Record<string, unknown>;
  const fail = (field: string, what: string): never => {
    throw new HolefillError(`${manifestPath}: field "${field}" ${what}`, 'bad-model');
  };
  const str = (field: string, fallback?: string): string => {
    const v = fields[field];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.length === 0) return fail(field, v === undefined ? 'is missing (a non-empty string).' : `must be a non-empty string, not ${JSON.stringify(v)}.`);
    return v;
  };
  const tokenId = (field: string, optional: boolean): number | null => {
    const v = fields[field];
    if ((v === undefined || v === null) && optional) return null;
    if (v === undefined) return fail(field, 'is missing (a token id: an integer >= 0).');
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(field, `must be a token id (an integer >= 0), not ${JSON.stringify(v)}.`);
    return v;
  };
  const file = (field: string): string => {
    const p = str(field);
    const abs = isAbsolute(p) ? p : join(dir, p);
    if (!existsSync(abs)) fail(field, `names ${p}, but ${abs} does not exist.`);
    return abs;
  };

  const shifted = fields.shiftedLogits;
  if (typeof shifted !== 'boolean') {
    fail('shiftedLogits', shifted === undefined ? 'is missing (true for Dream-family models whose logits predict the next position, else false).' : `must be true or false, not ${JSON.stringify(shifted)}.`);
  }
  const maxLength = fields.maxLength;
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 8) {
    fail('maxLength', maxLength === undefined ? 'is missing (the longest sequence in tokens).' : `must be an integer >= 8, not ${JSON.stringify(maxLength)}.`);
  }
  const prefix = fields.prefixTokenIds ?? [];
  if (!Array.isArray(prefix) || prefix.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0)) {
    fail('prefixTokenIds', `must be an array of token ids, not ${JSON.stringify(prefix)}.`);
  }
  const blockLength = fields.blockLength ?? 0;
  if (typeof blockLength !== 'number' || !Number.isInteger(blockLength) || blockLength < 0) {
    fail('blockLength', `must be a whole number of mask slots (0: one block), not ${JSON.stringify(blockLength)}.`);
  }
  const documentPrior = fields.documentPrior ?? 0;
  if (typeof documentPrior !== 'number' || !(documentPrior >= 0 && documentPrior <= 1)) {
    fail('documentPrior', `must be a number from 0 (off) to 1, not ${JSON.stringify(documentPrior)}.`);
  }
  const manifest: ModelManifest = {
    dir,
    manifestPath,
    name: str('name', dir),
    onnxPath: file('onnx'),
    tokenizerPath: file('tokenizer'),
    maskTokenId: tokenId('maskTokenId', false)!,
    eosTokenId: tokenId('eosTokenId', false)!,
    padTokenId: tokenId('padTokenId', true),
    shiftedLogits: shifted as boolean,
    maxLength: maxLength as number,
    inputName: str('inputName', 'input_ids'),
    outputName: str('outputName', 'logits'),
    prefixTokenIds: prefix as number[],
    blockLength: blockLength as number,
    documentPrior: documentPrior as number,
  };
  if (manifest.maskTokenId === manifest.eosTokenId) fail('maskTokenId', `equals eosTokenId (${manifest.eosTokenId}); the mask token must be its own token.`);
  if (manifest.padTokenId !== null && manifest.padTokenId === manifest.maskTokenId) fail('padTokenId', `equals maskTokenId (${manifest.maskTokenId}).`);
  return manifest;
}
