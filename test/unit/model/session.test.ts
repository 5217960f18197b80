import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HolefillError } from '../../../src/core/errors';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { defaultModelDir, loadManifest, MANIFEST_FILE } from '../../../src/model/manifest';
import { ModelSession } from '../../../src/model/session';
import { buildTinyOnnx, pythonWithOnnx, tinyTokenizerJson, tinyWeights, type TinyGraphSpec } from './fixtures';

const onnxTool = pythonWithOnnx();
const skipTiny = 'missing' in onnxTool ? `cannot build test ONNX models: ${onnxTool.missing}` : false;

const DIM = 4;
const MERGES: [string, string][] = [[' ', 'x'], ['i', 'n'], ['in', 't']];
const TINY_TOKENIZER = tinyTokenizerJson(MERGES, { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true });
const VOCAB = 256 + MERGES.length + 3; // bytes, merges, <|mask|> <|pad|> <|eos|>
const [MASK, PAD, EOS] = [VOCAB - 3, VOCAB - 2, VOCAB - 1];

/** A model directory holding a tiny graph built to `spec` and a manifest (overridable). */
function tinyModelDir(spec: Partial<TinyGraphSpec> = {}, manifest: Record<string, unknown> = {}): string {
  const python = (onnxTool as { python: string }).python;
  const dir = mkdtempSync(join(tmpdir(), 'holefill-tiny-model-'));
  buildTinyOnnx(python, { vocab: VOCAB, dim: DIM, ...tinyWeights(VOCAB, DIM), ...spec }, join(dir, 'model.onnx'));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(TINY_TOKENIZER));
  writeFileSync(
    join(dir, MANIFEST_FILE),
    JSON.stringify({ onnx: 'model.onnx', tokenizer: 'tokenizer.json', maskTokenId: MASK, eosTokenId: EOS, padTokenId: PAD, shiftedLogits: false, maxLength: 64, ...manifest }),
  );
  return dir;
}

async function rejectsOpen(dir: string, message: RegExp): Promise<void> {
  await assert.rejects(
    () => ModelSession.open(loadManifest(dir)),
    (e: unknown) => e instanceof HolefillError && e.code === 'bad-model' && message.test(e.message),
  );
}

test('tiny ONNX model: the forward pass computes embed[id] · project for every position', { skip: skipTiny }, async () => {
  const model = await loadModel(tinyModelDir());
  try {
    const { embed, project } = tinyWeights(VOCAB, DIM);
    const ids = model.tokenizer.encode('int x = 1;');
    ids.splice(2, 0, MASK);
    const out = await model.session.forward(ids);
    assert.equal(out.length, ids.length);
    assert.equal(out.vocab, VOCAB);
    for (let t = 0; t < ids.length; t++) {
      for (let v = 0; v < VOCAB; v++) {
        let expected = 0;
        for (let d = 0; d < DIM; d++) expected += embed[ids[t]][d] * project[d][v];
        assert.ok(Math.abs(out.logits[t * VOCAB + v] - expected) < 1e-5, `logit [${t}, ${v}]`);
      }
    }
    await assert.rejects(() => model.session.forward(new Array(65).fill(0)), /65 tokens exceed the model's maxLength 64/);
  } finally {
    await model.session.dispose();
  }
});

test('tiny ONNX model with int32 ids runs too', { skip: skipTiny }, async () => {
  const session = await ModelSession.open(loadManifest(tinyModelDir({ inputType: 'int32' })));
  assert.equal((await session.forward([1, 2, 3])).length, 3);
  await session.dispose();
});

test('bad models are refused with what is wrong', { skip: skipTiny }, async () => {
  await rejectsOpen(tinyModelDir({ inputName: 'tokens' }), /has no input "input_ids" \(set "inputName" in the manifest\); its inputs are tokens \(int64 \[1, sequence\]\)/);
  await rejectsOpen(tinyModelDir({ outputName: 'scores_out' }), /has no output "logits" .*its outputs are scores_out/);
  await rejectsOpen(tinyModelDir({ extraInput: 'attention_mask' }), /needs inputs Holefill does not provide: attention_mask \(int64/);
  await rejectsOpen(tinyModelDir({ inputType: 'float' }), /input "input_ids" is input_ids \(float32 \[1, sequence\]\); expected int64 or int32/);
  await rejectsOpen(tinyModelDir({ fixedLength: 8 }), /fixed sequence length 8; export it with a dynamic sequence axis/);
  await rejectsOpen(tinyModelDir({ intOutput: true }), /output "logits" is logits \(int64 .*expected float32/);
  await rejectsOpen(tinyModelDir({ dropBatchAxis: true }), /output "logits" has shape \[2, \d+\] for an input of shape \[1, 2\]; expected \[1, 2, vocab\]/);
  await rejectsOpen(tinyModelDir({}, { maskTokenId: VOCAB + 5 }), /uses token id \d+, but the model's logits cover only \d+ ids/);
  const notOnnx = tinyModelDir();
  writeFileSync(join(notOnnx, 'model.onnx'), 'not a model');
  await rejectsOpen(notOnnx, /Cannot load model .*model\.onnx/);
});

test('loadModel refuses a manifest whose special ids are ordinary tokens', { skip: skipTiny }, async () => {
  await assert.rejects(() => loadModel(tinyModelDir({}, { padTokenId: 65 })), /padTokenId 65 is the ordinary token "A"/);
});

const defaultDir = defaultModelDir();
const hasDefault = existsSync(join(defaultDir, MANIFEST_FILE)) && existsSync(join(defaultDir, 'reference.json'));

test('the embedded default model reproduces the exporter\'s torch outputs', { skip: !hasDefault && 'models/default is not there yet' }, async () => {
  const model = await loadModel(defaultDir);
  try {
    const reference = JSON.parse(readFileSync(join(defaultDir, 'reference.json'), 'utf8')) as {
      text: string; inputIds: number[]; argmax: number[]; maxLogit: number[]; logSumExp: number[];
    };
    assert.equal(model.manifest.shiftedLogits, false);
    // The exporter tokenized the text with its Python tokenizer: ours must agree.
    const encoded = model.tokenizer.encode(reference.text);
    assert.deepEqual(reference.inputIds.map((id, i) => (id === model.manifest.maskTokenId ? encoded[i] : id)), encoded);
    const out = await model.session.forward(reference.inputIds);
    for (let t = 0; t < out.length; t++) {
      const row = out.logits.subarray(t * out.vocab, (t + 1) * out.vocab);
      let best = 0;
      for (let v = 1; v < out.vocab; v++) if (row[v] > row[best]) best = v;
      let sum = 0;
      for (const x of row) sum += Math.exp(x - row[best]);
      assert.ok(Math.abs(row[best] - reference.maxLogit[t]) < 1e-3, `max logit at ${t}`);
      assert.ok(Math.abs(row[best] + Math.log(sum) - reference.logSumExp[t]) < 1e-3, `log-sum-exp at ${t}`);
      if (row[best] - secondBest(row, best) > 1e-3) assert.equal(best, reference.argmax[t], `argmax at ${t}`);
    }
  } finally {
    await model.session.dispose();
  }
});

test('a copy of the default model with its manifest pointing at a missing graph is refused', { skip: !hasDefault && 'models/default is not there yet' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-copy-'));
  copyFileSync(join(defaultDir, 'tokenizer.json'), join(dir, 'tokenizer.json'));
  const manifest = JSON.parse(readFileSync(join(defaultDir, MANIFEST_FILE), 'utf8'));
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  assert.throws(() => loadManifest(dir), /field "onnx" names model\.onnx, but .* does not exist/);
});

function secondBest(row: Float32Array, best: number): number {
  let second = -Infinity;
  for (let v = 0; v < row.length; v++) if (v !== best && row[v] > second) second = row[v];
  return second;
}

test('denoiserOf gives the sampler the manifest ids and T×V logits', { skip: skipTiny }, async () => {
  const model = await loadModel(tinyModelDir());
  try {
    const denoiser = denoiserOf(model);
    assert.deepEqual([denoiser.maskTokenId, denoiser.padTokenId, denoiser.eosTokenId, denoiser.vocabSize, denoiser.maxLength], [MASK, PAD, EOS, VOCAB, 64]);
    const logits = await denoiser.forward(Int32Array.from([1, MASK, 2]));
    assert.equal(logits.length, 3 * VOCAB);
    assert.equal(denoiser.stats.forwardPasses, 1);
    assert.equal(model.tokenizer.tokenText(MASK), null);
    assert.equal(model.tokenizer.tokenText(model.tokenizer.encode('int')[0]), 'int');
  } finally {
    await model.session.dispose();
  }
});

test('a model in its worker thread gives the logits of one on the calling thread; its errors keep their code', { skip: skipTiny }, async () => {
  const dir = tinyModelDir();
  const [inWorker, inCaller] = [await loadModel(dir), await loadModel(dir, { thread: 'caller' })];
  try {
    assert.equal(inWorker.session.constructor.name, 'ThreadedModelSession');
    assert.equal(inWorker.session.vocab, inCaller.session.vocab);
    const inputs = [[1, MASK, 2], [5, 6, 7, 8, MASK], [MASK]];
    // Several passes asked for at once are answered each with its own logits.
    const answers = await Promise.all(inputs.map((ids) => inWorker.session.forward(ids)));
    for (const [i, ids] of inputs.entries()) {
      const expected = await inCaller.session.forward(ids);
      assert.equal(answers[i].length, ids.length);
      assert.deepEqual(Array.from(answers[i].logits), Array.from(expected.logits));
    }
    await assert.rejects(() => inWorker.session.forward(new Array(65).fill(0)), /65 tokens exceed the model's maxLength 64/);
  } finally {
    await inWorker.session.dispose();
    await inCaller.session.dispose();
  }
  await assert.rejects(() => inWorker.session.forward([1]), (e: unknown) => e instanceof HolefillError && /closed/.test(e.message));
  await assert.rejects(
    () => loadModel(tinyModelDir({ fixedLength: 8 })),
    (e: unknown) => e instanceof HolefillError && e.code === 'bad-model' && /fixed sequence length 8/.test(e.message),
  );
});

test('closing the threaded model while a forward pass runs lets it finish instead of aborting the process', () => {
  // The sampler asks for a pass ahead and may stop before it returns; terminating the worker under a running
  // onnxruntime call used to abort the process when the call returned (holefill fill exited 134).
  const script = `
    const { loadModel } = require(${JSON.stringify(join(__dirname, '../../../src/model/load.js'))});
    (async () => {
      for (let round = 0; round < 8; round++) {
        const model = await loadModel();
        const ids = new Array(model.manifest.maxLength).fill(model.manifest.maskTokenId);
        const passes = [0, 1, 2].map(() => model.session.forward(ids).catch((e) => e));
        await new Promise((resolve) => setTimeout(resolve, round));
        await model.session.dispose();
        const settled = await Promise.all(passes);
        if (settled.some((r) => !(r instanceof Error) && !(r.logits instanceof Float32Array))) throw new Error('a pass settled with neither logits nor an error');
      }
      process.stdout.write('closed 8 times');
    })().catch((e) => { console.error(e); process.exitCode = 1; });`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `exit ${run.status} (signal ${run.signal}): ${run.stderr}`);
  assert.equal(run.stdout, 'closed 8 times');
});
