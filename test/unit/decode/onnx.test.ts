/**
 * The sampler over a real ONNX session and tokenizer (src/model's adapter), with a tiny graph the test
 * builds: logits[t] = embed[ids[t]] · project, so every masked row is embed[mask] · project and the
 * greedy fill is known independently of the sampler.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UnconstrainedCommits } from '../../../src/decode/constraint';
import { decodeHoles } from '../../../src/decode/sampler';
import type { DenoiserModel, TokenVocabulary } from '../../../src/decode/types';
import { denoiserOf, loadModel } from '../../../src/model/load';
import { MANIFEST_FILE } from '../../../src/model/manifest';
import { buildTinyOnnx, pythonWithOnnx, tinyTokenizerJson, tinyWeights } from '../model/fixtures';

const onnxTool = pythonWithOnnx();
const skip = 'missing' in onnxTool ? `cannot build test ONNX models: ${onnxTool.missing}` : false;

const DIM = 4;
const MERGES: [string, string][] = [[' ', 'x'], ['i', 'n'], ['in', 't']];
const VOCAB = 256 + MERGES.length + 3;
const [MASK, PAD, EOS] = [VOCAB - 3, VOCAB - 2, VOCAB - 1];

function tinyModelDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-decode-model-'));
  buildTinyOnnx((onnxTool as { python: string }).python, { vocab: VOCAB, dim: DIM, ...tinyWeights(VOCAB, DIM) }, join(dir, 'model.onnx'));
  const tokenizer = tinyTokenizerJson(MERGES, { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true });
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  const manifest = { onnx: 'model.onnx', tokenizer: 'tokenizer.json', maskTokenId: MASK, eosTokenId: EOS, padTokenId: PAD, shiftedLogits: false, maxLength: 64 };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  return dir;
}

test('greedy fill through the ONNX session equals the argmax of the mask row over proposable tokens', { skip }, async () => {
  const loaded = await loadModel(tinyModelDir());
  try {
    const model: DenoiserModel = denoiserOf(loaded);
    const vocab: TokenVocabulary = loaded.tokenizer;
    // The oracle: the mask token's logits, over tokens with text, pad and eos.
    const { embed, project } = tinyWeights(VOCAB, DIM);
    let best = -1;
    let bestLogit = -Infinity;
    for (let v = 0; v < VOCAB; v++) {
      if (v === MASK || (v !== PAD && v !== EOS && !vocab.tokenText(v))) continue;
      let logit = 0;
      for (let d = 0; d < DIM; d++) logit += embed[MASK][d] * project[d][v];
      if (logit > bestLogit) [best, bestLogit] = [v, logit];
    }
    const expected = best === PAD || best === EOS ? '' : vocab.tokenText(best)!.repeat(3);

    const holeSlots = [3, 3];
    const result = await decodeHoles(model, vocab, { fixedTexts: ['int main() { return ', '; } int x = ', ';\n'], holeSlots }, new UnconstrainedCommits(holeSlots));
    assert.deepEqual(result.holes, [expected, expected]);
    assert.equal(result.forwardPasses, 6);
    assert.equal(result.stopReason, 'done');

    const sampled = await decodeHoles(model, vocab, { fixedTexts: ['a', 'b'], holeSlots: [8] }, new UnconstrainedCommits([8]), { temperature: 1, seed: 5 });
    const again = await decodeHoles(model, vocab, { fixedTexts: ['a', 'b'], holeSlots: [8] }, new UnconstrainedCommits([8]), { temperature: 1, seed: 5 });
    assert.deepEqual(sampled.holes, again.holes);
  } finally {
    await loaded.session.dispose();
  }
});
