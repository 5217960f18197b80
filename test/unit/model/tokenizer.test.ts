import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../src/core/paths';
import { Tokenizer, toJsPattern } from '../../../src/model/tokenizer';
import { tinyTokenizerJson } from './fixtures';

/** The independent oracle: Hugging Face's own JavaScript tokenizer (its CommonJS build). */
interface ReferenceTokenizerLike {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ReferenceTokenizer = require('@huggingface/tokenizers').Tokenizer as new (json: unknown, config: unknown) => ReferenceTokenizerLike;

const root = packageRoot();
const defaultTokenizer = join(root, 'models', 'default', 'tokenizer.json');

/** Real code of several languages from this repository and its vendored grammars' neighbours. */
function realTexts(): { name: string; text: string }[] {
  const files = [
    join(root, 'src', 'model', 'tokenizer.ts'),
    join(root, 'src', 'core', 'paths.ts'),
    join(root, 'package.json'),
    join(root, 'tools', 'train', 'train.py'),
    join(root, 'node_modules', 'web-tree-sitter', 'package.json'),
  ];
  for (const lang of ['c', 'python', 'rust', 'go']) {
    const dir = join(root, 'grammars', lang);
    if (existsSync(dir)) for (const f of readdirSync(dir).filter((n) => n === 'LICENSE')) files.push(join(dir, f));
  }
  const texts = files.filter(existsSync).map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  texts.push({
    name: 'non-ASCII',
    text: 'const grüße = "naïve café — 日本語 😀";\n\t// ½ × ∞\r\n  print(f"{x!r:>10}")  \n\n',
  });
  return texts;
}

const CODE_SPLIT = {
  type: 'Sequence',
  pretokenizers: [
    { type: 'Split', pattern: { Regex: ' ?[A-Za-z_]+| ?[0-9]{1,3}| ?[^\\sA-Za-z0-9_]+|\\s+(?!\\S)|\\s+' }, behavior: 'Isolated', invert: false },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
  ],
};
const GPT2_BYTELEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const QWEN_SPLIT = {
  type: 'Sequence',
  pretokenizers: [
    {
      type: 'Split',
      pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" },
      behavior: 'Isolated',
      invert: false,
    },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
  ],
};
const MERGES: [string, string][] = [
  [' ', 't'], ['e', 'r'], [' t', 'h'], [' th', 'e'], ['i', 'n'], [' ', ' '], ['  ', '  '], ['r', 'e'], ['o', 'n'], ['(', ')'],
  ['in', 't'], [' ', 'r'], [' r', 'e'], [' re', 't'], ['u', 'r'], [' ret', 'ur'], [' retur', 'n'], ['\n', ' '],
];

for (const [label, pre] of [['code split', CODE_SPLIT], ['GPT-2 ByteLevel regex', GPT2_BYTELEVEL], ['Qwen-style split', QWEN_SPLIT]] as const) {
  test(`tiny BPE (${label}): same ids as @huggingface/tokenizers on real code, and exact round trip`, () => {
    const json = tinyTokenizerJson(MERGES, pre);
    const ours = Tokenizer.fromJson(JSON.stringify(json), 'tiny');
    const reference = new ReferenceTokenizer(json, {});
    for (const { name, text } of realTexts()) {
      // Hugging Face always reads special tokens in the text; ours does so only when asked.
      assert.deepEqual(ours.encode(text, { parseSpecial: true }), reference.encode(text, { add_special_tokens: false }).ids, name);
      assert.equal(ours.decode(ours.encode(text)), text, name);
    }
    assert.equal(ours.encode(' the').length, 1, 'merges apply');
  });
}

test('token bytes are decoded once from the byte alphabet and concatenate to the UTF-8 of the text', () => {
  const tok = Tokenizer.fromJson(JSON.stringify(tinyTokenizerJson(MERGES, CODE_SPLIT)), 'tiny');
  const text = 'naïve\n    return(x) 😀';
  const ids = tok.encode(text);
  const joined = Buffer.concat(ids.map((id) => Buffer.from(tok.tokenBytes[id])));
  assert.deepEqual(joined, Buffer.from(text, 'utf8'));
  assert.deepEqual(tok.encode(' the').map((id) => tok.tokenTexts[id]), [' the']);
  // A lone continuation byte is a token with bytes but no text of its own.
  assert.equal(tok.tokenBytes[0xa9].length, 1);
  assert.equal(tok.tokenTexts[0xa9], null);
  assert.equal(tok.tokenTexts['\n'.charCodeAt(0)], '\n');
});

test('special tokens are separate: no bytes, not produced from document text unless asked', () => {
  const tok = Tokenizer.fromJson(JSON.stringify(tinyTokenizerJson(MERGES, CODE_SPLIT)), 'tiny');
  const mask = tok.specialId('<|mask|>');
  assert.ok(tok.isSpecial(mask));
  assert.equal(tok.tokenBytes[mask].length, 0);
  assert.equal(tok.tokenTexts[mask], null);
  const text = 'x = "<|mask|>"';
  assert.ok(!tok.encode(text).includes(mask));
  assert.equal(tok.decode(tok.encode(text)), text);
  assert.ok(tok.encode(text, { parseSpecial: true }).includes(mask));
  assert.equal(tok.decode([tok.encode('a')[0], mask]), 'a');
  assert.equal(tok.decode([mask], { keepSpecial: true }), '<|mask|>');
  assert.throws(() => tok.specialId('<|nope|>'), /has no special token <\|nope\|>/);
});

test('scoped case-insensitive groups become JavaScript character classes', () => {
  const re = toJsPattern("(?i:'s|'ll)|\\p{L}+");
  assert.deepEqual("IT'S we'LL go".match(re), ['IT', "'S", 'we', "'LL", 'go']);
});

test('unsupported tokenizers are refused with the reason', () => {
  const json = tinyTokenizerJson(MERGES, CODE_SPLIT);
  assert.throws(() => Tokenizer.fromJson(JSON.stringify({ ...json, model: { type: 'WordPiece', vocab: {} } }), 'wp.json'), /wp\.json: model type "WordPiece" is not supported/);
  assert.throws(() => Tokenizer.fromJson(JSON.stringify({ ...json, pre_tokenizer: { type: 'Metaspace' }, decoder: null }), 'sp.json'), /not byte-level/);
  assert.throws(() => Tokenizer.fromJson('{', 'broken.json'), /broken\.json is not valid JSON/);
  const model = json.model as { merges: string[] };
  assert.throws(
    () => Tokenizer.fromJson(JSON.stringify({ ...json, model: { ...model, merges: ['q z'] } }), 'm.json'),
    /merge 0 \("q z"\) uses a string that is not in the vocabulary/,
  );
});

test('the default model tokenizer round-trips real code and agrees with @huggingface/tokenizers', { skip: !existsSync(defaultTokenizer) && 'models/default/tokenizer.json is not there yet' }, () => {
  const text = readFileSync(defaultTokenizer, 'utf8');
  const ours = Tokenizer.fromJson(text, defaultTokenizer);
  const reference = new ReferenceTokenizer(JSON.parse(text), {});
  let bytes = 0;
  let tokens = 0;
  for (const { name, text: code } of realTexts()) {
    const ids = ours.encode(code);
    assert.deepEqual(ours.encode(code, { parseSpecial: true }), reference.encode(code, { add_special_tokens: false }).ids, name);
    assert.equal(ours.decode(ids), code, name);
    bytes += Buffer.byteLength(code);
    tokens += ids.length;
  }
  assert.ok(tokens <= bytes, 'never more tokens than bytes');
  for (const name of ['<|mask|>', '<|pad|>', '<|eos|>']) assert.ok(ours.isSpecial(ours.specialId(name)));
});
