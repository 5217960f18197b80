import { readFileSync } from 'node:fs';
import { HolefillError } from '../core/errors';

/**
 * A Hugging Face `tokenizer.json` with a byte-level BPE model (GPT-2, Qwen/Dream, LLaMA 3, LLaDA, and
 * Holefill's own byte-level tokenizers; a plain byte vocabulary is the same with no merges).
 *
 * Every vocabulary entry is decoded once, at load, from GPT-2's printable byte alphabet back to its byte
 * string: the grammar works on `tokenBytes`/`tokenTexts`, never on vocabulary strings.
 */
export class Tokenizer {
  /** Number of token ids (one past the largest id in the vocabulary and the added tokens). */
  readonly size: number;
  /** The bytes each token stands for; empty for special and unused ids. */
  readonly tokenBytes: readonly Uint8Array[];
  /** The text of each token, or null for special/unused ids and for tokens that are not whole UTF-8. */
  readonly tokenTexts: readonly (string | null)[];
  /** Ids of added special tokens (mask, pad, eos, ...) by their text. */
  readonly specialIds: ReadonlyMap<string, number>;

  private readonly isSpecialId: Uint8Array;
  private readonly byteTokenIds: Int32Array;
  private readonly mergeRanks: Map<number, number>;
  private readonly mergeResults: Map<number, number>;
  private readonly wholeWordIds: Map<string, number> | null;
  private readonly addedSplitter: RegExp | null;
  private readonly addedByContent: Map<string, { id: number; special: boolean }>;
  private readonly preTokenize: (text: string) => string[];
  private readonly normalize: (text: string) => string;
  private readonly pieceCache = new Map<string, number[]>();

  private constructor(json: Record<string, unknown>, private readonly source: string) {
    const fail = (what: string): never => {
      throw new HolefillError(`${source}: ${what}`, 'bad-model');
    };
    const model = json.model as Record<string, unknown> | undefined;
    if (!model || typeof model !== 'object') fail('no "model" object; is this a Hugging Face tokenizer.json?');
    const modelType = model!.type ?? (model!.merges ? 'BPE' : undefined);
    if (modelType !== 'BPE') fail(`model type ${JSON.stringify(modelType)} is not supported; Holefill reads byte-level BPE tokenizers.`);
    if (!isByteLevel(json)) {
      fail('the tokenizer is not byte-level (no ByteLevel pre-tokenizer or decoder); SentencePiece-style BPE is not supported.');
    }
    const vocab = model!.vocab as Record<string, number> | undefined;
    if (!vocab || typeof vocab !== 'object') fail('model.vocab is missing.');

    const added = Array.isArray(json.added_tokens) ? (json.added_tokens as Record<string, unknown>[]) : [];
    let size = 0;
    for (const id of Object.values(vocab!)) size = Math.max(size, id + 1);
    for (const a of added) size = Math.max(size, (a.id as number) + 1);
    this.size = size;

    const charToByte = new Map<string, number>();
    for (const [b, ch] of byteAlphabet().entries()) charToByte.set(ch, b);
    const tokenBytes: Uint8Array[] = new Array(size).fill(EMPTY);
    const tokenTexts: (string | null)[] = new Array(size).fill(null);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const idOfVocabString = new Map<string, number>();
    for (const [piece, id] of Object.entries(vocab!)) {
      idOfVocabString.set(piece, id);
      const bytes: number[] = [];
      for (const ch of piece) {
        const b = charToByte.get(ch);
        if (b === undefined) {
          bytes.length = 0;
          break; // not in the byte alphabet: an added token's entry, handled below
        }
        bytes.push(b);
      }
      if (bytes.length === 0) continue;
      tokenBytes[id] = Uint8Array.from(bytes);
      try {
        tokenTexts[id] = strict.decode(tokenBytes[id]);
      } catch {
        tokenTexts[id] = null; // part of a multi-byte character
      }
    }
    this.byteTokenIds = new Int32Array(256).fill(-1);
    for (const [b, ch] of byteAlphabet().entries()) this.byteTokenIds[b] = idOfVocabString.get(ch) ?? -1;
    const missingBytes = [...this.byteTokenIds].filter((id) => id < 0).length;
    if (missingBytes > 0) fail(`the vocabulary lacks ${missingBytes} of the 256 single-byte tokens a byte-level BPE needs.`);

    this.isSpecialId = new Uint8Array(size);
    const specials = new Map<string, number>();
    this.addedByContent = new Map();
    for (const a of added) {
      const content = a.content as string;
      const id = a.id as number;
      const special = a.special !== false;
      this.addedByContent.set(content, { id, special });
      if (special) {
        specials.set(content, id);
        this.isSpecialId[id] = 1;
        tokenBytes[id] = EMPTY;
        tokenTexts[id] = null;
      } else {
        tokenBytes[id] = new TextEncoder().encode(content);
        tokenTexts[id] = content;
      }
    }
    this.specialIds = specials;
    this.tokenBytes = tokenBytes;
    this.tokenTexts = tokenTexts;
    this.addedSplitter =
      added.length === 0
        ? null
        : new RegExp(
            [...this.addedByContent.keys()]
              .sort((a, b) => b.length - a.length)
              .map(escapeRegExp)
              .join('|'),
            'g',
          );

    this.mergeRanks = new Map();
    this.mergeResults = new Map();
    const merges = (model!.merges ?? []) as (string | [string, string])[];
    merges.forEach((m, rank) => {
      const [left, right] = typeof m === 'string' ? splitMerge(m) : m;
      const l = idOfVocabString.get(left);
      const r = idOfVocabString.get(right);
      const merged = idOfVocabString.get(left + right);
      if (l === undefined || r === undefined || merged === undefined) {
        fail(`merge ${rank} (${JSON.stringify(m)}) uses a string that is not in the vocabulary.`);
      }
      const key = l! * size + r!;
      if (!this.mergeRanks.has(key)) {
        this.mergeRanks.set(key, rank);
        this.mergeResults.set(key, merged!);
      }
    });
    this.wholeWordIds = model!.ignore_merges ? idOfVocabString : null;
    this.normalize = buildNormalizer(json.normalizer, fail);
    this.preTokenize = buildPreTokenizer(json.pre_tokenizer, fail);
  }

  static fromFile(path: string): Tokenizer {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new HolefillError(`Cannot read tokenizer ${path}: ${(e as Error).message}`, 'io');
    }
    return Tokenizer.fromJson(text, path);
  }

  static fromJson(text: string, source: string): Tokenizer {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new HolefillError(`${source} is not valid JSON: ${(e as Error).message}`, 'bad-model');
    }
    if (typeof json !== 'object' || json === null) throw new HolefillError(`${source} must hold a JSON object.`, 'bad-model');
    return new Tokenizer(json as Record<string, unknown>, source);
  }

  /** Text of token `id`; null for special and unused ids and for pieces of a multi-byte character. */
  tokenText(id: number): string | null {
    return id >= 0 && id < this.size ? this.tokenTexts[id] : null;
  }

  isSpecial(id: number): boolean {
    return id >= 0 && id < this.size && this.isSpecialId[id] === 1;
  }

  /** The id of an added special token such as `<|mask|>`; throws naming the tokenizer file if absent. */
  specialId(content: string): number {
    const id = this.specialIds.get(content);
    if (id === undefined) throw new HolefillError(`${this.source} has no special token ${content}.`, 'bad-model');
    return id;
  }

  /**
   * Token ids of `text`. Special tokens written in the text are plain text unless `parseSpecial` is set
   * (a document may well contain the string "<|mask|>"); non-special added tokens are always matched.
   */
  encode(text: string, options: { parseSpecial?: boolean } = {}): number[] {
    const ids: number[] = [];
    if (!this.addedSplitter) {
      this.encodeOrdinary(text, ids);
      return ids;
    }
    let last = 0;
    for (const m of text.matchAll(this.addedSplitter)) {
      const added = this.addedByContent.get(m[0])!;
      if (added.special && !options.parseSpecial) continue;
      this.encodeOrdinary(text.slice(last, m.index), ids);
      ids.push(added.id);
      last = m.index! + m[0].length;
    }
    this.encodeOrdinary(text.slice(last), ids);
    return ids;
  }

  /** The text of `ids`; special tokens are left out unless `keepSpecial`. Bad UTF-8 becomes U+FFFD. */
  decode(ids: ArrayLike<number>, options: { keepSpecial?: boolean } = {}): string {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const encoder = new TextEncoder();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      let bytes = id >= 0 && id < this.size ? this.tokenBytes[id] : EMPTY;
      if (this.isSpecial(id) && options.keepSpecial) {
        bytes = encoder.encode([...this.specialIds].find(([, v]) => v === id)![0]);
      }
      chunks.push(bytes);
      length += bytes.length;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder('utf-8').decode(all);
  }

  private encodeOrdinary(text: string, out: number[]): void {
    if (text.length === 0) return;
    for (const piece of this.preTokenize(this.normalize(text))) {
      let ids = this.pieceCache.get(piece);
      if (!ids) {
        ids = this.encodePiece(piece);
        if (this.pieceCache.size > 50_000) this.pieceCache.clear();
        this.pieceCache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
  }

  /** BPE over one pre-token: repeatedly merge the lowest-ranked adjacent pair (leftmost first). */
  private encodePiece(piece: string): number[] {
    const bytes = new TextEncoder().encode(piece);
    if (this.wholeWordIds) {
      const whole = this.wholeWordIds.get(Array.from(bytes, (b) => byteAlphabet()[b]).join(''));
      if (whole !== undefined) return [whole];
    }
    const ids = Array.from(bytes, (b) => this.byteTokenIds[b]);
    for (;;) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const rank = this.mergeRanks.get(ids[i] * this.size + ids[i + 1]);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) return ids;
      ids.splice(bestAt, 2, this.mergeResults.get(ids[bestAt] * this.size + ids[bestAt + 1])!);
    }
  }
}

const EMPTY = new Uint8Array(0);

/** GPT-2's reversible map from bytes to printable characters (the alphabet of byte-level vocabularies). */
let alphabet: string[] | undefined;
export function byteAlphabet(): readonly string[] {
  if (alphabet) return alphabet;
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  alphabet = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) alphabet[b] = String.fromCharCode(printable(b) ? b : 256 + extra++);
  return alphabet;
}

function isByteLevel(json: Record<string, unknown>): boolean {
  const has = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    const n = node as Record<string, unknown>;
    if (n.type === 'ByteLevel') return true;
    const children = (n.pretokenizers ?? n.decoders) as unknown[] | undefined;
    return Array.isArray(children) && children.some(has);
  };
  return has(json.pre_tokenizer) || has(json.decoder);
}

function splitMerge(m: string): [string, string] {
  const at = m.indexOf(' ', 1);
  return [m.slice(0, at), m.slice(at + 1)];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** GPT-2's pre-tokenisation pattern (ByteLevel with use_regex). */
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/**
 * Turns a tokenizer.json (Rust/Oniguruma) pattern into a JavaScript one. JavaScript in Node 20 lacks
 * scoped case-insensitive groups `(?i:...)`, so their ASCII letters become `[xX]` classes.
 */
export function toJsPattern(pattern: string): RegExp {
  const converted = pattern.replace(/\(\?i:((?:[^()\\]|\\.)*)\)/g, (_all, body: string) =>
    '(?:' + body.replace(/(\\.)|([A-Za-z])/g, (_m, escaped: string, letter: string) => escaped ?? `[${letter.toLowerCase()}${letter.toUpperCase()}]`) + ')',
  );
  return new RegExp(converted, 'gu');
}

function splitIsolated(pieces: string[], regex: RegExp, keepGaps: boolean, keepMatches: boolean): string[] {
  const out: string[] = [];
  for (const text of pieces) {
    let last = 0;
    for (const m of text.matchAll(regex)) {
      if (m[0].length === 0) continue;
      if (keepGaps && m.index! > last) out.push(text.slice(last, m.index));
      if (keepMatches) out.push(m[0]);
      last = m.index! + m[0].length;
    }
    if (keepGaps && last < text.length) out.push(text.slice(last));
  }
  return out;
}

function buildPreTokenizer(node: unknown, fail: (what: string) => never): (text: string) => string[] {
  const steps: ((pieces: string[]) => string[])[] = [];
  const add = (n: unknown): void => {
    if (n === null || n === undefined) return;
    const p = n as Record<string, unknown>;
    switch (p.type) {
      case 'Sequence':
        (p.pretokenizers as unknown[]).forEach(add);
        return;
      case 'ByteLevel':
        if (p.add_prefix_space) steps.push((pieces) => pieces.map((s, i) => (i === 0 && !s.startsWith(' ') ? ' ' + s : s)));
        if (p.use_regex !== false) {
          const regex = toJsPattern(GPT2_PATTERN);
          steps.push((pieces) => splitIsolated(pieces, regex, true, true));
        }
        return;
      case 'Split': {
        const pattern = p.pattern as Record<string, string>;
        const regex = pattern.Regex !== undefined ? toJsPattern(pattern.Regex) : new RegExp(escapeRegExp(pattern.String), 'gu');
        if (p.invert) fail('pre-tokenizer Split with invert=true is not supported.');
        if (p.behavior === 'Isolated') steps.push((pieces) => splitIsolated(pieces, regex, true, true));
        else if (p.behavior === 'Removed') steps.push((pieces) => splitIsolated(pieces, regex, true, false));
        else fail(`pre-tokenizer Split with behavior ${JSON.stringify(p.behavior)} is not supported (Isolated and Removed are).`);
        return;
      }
      case 'Digits':
        steps.push((pieces) => splitIsolated(pieces, p.individual_digits ? /\p{N}/gu : /\p{N}+/gu, true, true));
        return;
      default:
        fail(`pre-tokenizer ${JSON.stringify(p.type)} is not supported.`);
    }
  };
  add(node);
  return (text) => steps.reduce((pieces, step) => step(pieces), [text]);
}

function buildNormalizer(node: unknown, fail: (what: string) => never): (text: string) => string {
  if (node === null || node === undefined) return (t) => t;
  const n = node as Record<string, unknown>;
  switch (n.type) {
    case 'NFC':
      return (t) => t.normalize('NFC');
    case 'Sequence': {
      const parts = (n.normalizers as unknown[]).map((c) => buildNormalizer(c, fail));
      return (t) => parts.reduce((acc, f) => f(acc), t);
    }
    default:
      return fail(`normalizer ${JSON.stringify(n.type)} is not supported (NFC is).`);
  }
}
