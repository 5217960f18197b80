import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HolefillError } from '../../../src/core/errors';
import { defaultModelDir, loadManifest, MANIFEST_FILE } from '../../../src/model/manifest';

function modelDir(manifest: unknown, files: string[] = ['model.onnx', 'tokenizer.json']): string {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-manifest-'));
  for (const f of files) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, MANIFEST_FILE), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}

const VALID = {
  onnx: 'model.onnx',
  tokenizer: 'tokenizer.json',
  maskTokenId: 10,
  eosTokenId: 12,
  padTokenId: 11,
  shiftedLogits: false,
  maxLength: 512,
  inputName: 'input_ids',
  outputName: 'logits',
};

function rejects(dir: string, message: RegExp): void {
  assert.throws(
    () => loadManifest(dir),
    (e: unknown) => e instanceof HolefillError && e.code === 'bad-model' && message.test(e.message),
  );
}

test('a valid manifest resolves files against its directory and keeps the ids', () => {
  const dir = modelDir(VALID);
  const m = loadManifest(dir);
  assert.equal(m.onnxPath, join(dir, 'model.onnx'));
  assert.equal(m.tokenizerPath, join(dir, 'tokenizer.json'));
  assert.deepEqual([m.maskTokenId, m.eosTokenId, m.padTokenId, m.shiftedLogits, m.maxLength], [10, 12, 11, false, 512]);
  assert.deepEqual(m.prefixTokenIds, []);
  assert.equal(m.blockLength, 0, 'no blockLength: one block');
  assert.equal(m.documentPrior, 0, 'no documentPrior: off');
  assert.equal(loadManifest(modelDir({ ...VALID, documentPrior: 0.5 })).documentPrior, 0.5);
});

test('pad is optional and the input/output names default to input_ids/logits', () => {
  const { padTokenId: _pad, inputName: _in, outputName: _out, ...rest } = VALID;
  const m = loadManifest(modelDir(rest));
  assert.equal(m.padTokenId, null);
  assert.equal(m.inputName, 'input_ids');
  assert.equal(m.outputName, 'logits');
});

test('manifest errors name the file and the field', () => {
  const missingDir = join(tmpdir(), 'holefill-no-such-model-dir');
  rejects(missingDir, /holefill-no-such-model-dir does not exist/);
  const empty = mkdtempSync(join(tmpdir(), 'holefill-manifest-'));
  rejects(empty, /has no holefill-model\.json/);
  rejects(modelDir('{"onnx": '), /holefill-model\.json is not valid JSON/);
  rejects(modelDir('[1]'), /must hold a JSON object/);
  rejects(modelDir({ ...VALID, onnx: undefined }), /field "onnx" is missing/);
  rejects(modelDir({ ...VALID, onnx: 'weights.onnx' }), /field "onnx" names weights\.onnx, but .*weights\.onnx does not exist/);
  rejects(modelDir(VALID, ['model.onnx']), /field "tokenizer" names tokenizer\.json, but/);
  rejects(modelDir({ ...VALID, maskTokenId: -1 }), /field "maskTokenId" must be a token id \(an integer >= 0\), not -1/);
  rejects(modelDir({ ...VALID, eosTokenId: '2' }), /field "eosTokenId" must be a token id/);
  rejects(modelDir({ ...VALID, maskTokenId: undefined }), /field "maskTokenId" is missing/);
  rejects(modelDir({ ...VALID, shiftedLogits: 'no' }), /field "shiftedLogits" must be true or false/);
  rejects(modelDir({ ...VALID, shiftedLogits: undefined }), /field "shiftedLogits" is missing \(true for Dream-family/);
  rejects(modelDir({ ...VALID, maxLength: 2.5 }), /field "maxLength" must be an integer >= 8/);
  rejects(modelDir({ ...VALID, eosTokenId: 10 }), /field "maskTokenId" equals eosTokenId \(10\)/);
  rejects(modelDir({ ...VALID, padTokenId: 10 }), /field "padTokenId" equals maskTokenId/);
  rejects(modelDir({ ...VALID, prefixTokenIds: [1, 'x'] }), /field "prefixTokenIds" must be an array of token ids/);
  rejects(modelDir({ ...VALID, blockLength: -4 }), /field "blockLength" must be a whole number of mask slots/);
  rejects(modelDir({ ...VALID, documentPrior: 2 }), /field "documentPrior" must be a number from 0 \(off\) to 1, not 2/);
  rejects(modelDir({ ...VALID, documentPrior: 'yes' }), /field "documentPrior" must be a number/);
  const nested = modelDir(VALID);
  mkdirSync(join(nested, 'sub'));
  rejects(join(nested, 'sub'), /has no holefill-model\.json/);
});

test('the embedded default model manifest is valid', { skip: !existsSync(join(defaultModelDir(), MANIFEST_FILE)) && 'models/default is not there yet' }, () => {
  const m = loadManifest(defaultModelDir());
  assert.equal(m.shiftedLogits, false);
  assert.ok(m.maxLength >= 256);
  assert.equal(m.inputName, 'input_ids');
});
