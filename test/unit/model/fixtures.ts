import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byteAlphabet } from '../../../src/model/tokenizer';

/** Debian's python with the onnx package (CI installs python3-onnx), or a reason it is missing. */
export function pythonWithOnnx(): { python: string } | { missing: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.error) return { missing: `${python} is not installed` };
  if (probe.status !== 0) return { missing: `${python} cannot import onnx (apt-get install python3-onnx)` };
  return { python };
}

export interface TinyGraphSpec {
  readonly vocab: number;
  readonly dim: number;
  /** [vocab][dim] embedding and [dim][vocab] projection: logits[t] = embed[ids[t]] · project. */
  readonly embed: number[][];
  readonly project: number[][];
  readonly inputName?: string;
  readonly outputName?: string;
  readonly inputType?: 'int64' | 'int32' | 'float';
  /** A fixed sequence length instead of a dynamic axis. */
  readonly fixedLength?: number;
  readonly extraInput?: string;
  /** Cast the logits to int64 (a wrong output type). */
  readonly intOutput?: boolean;
  /** Drop the batch axis from the output (a wrong output shape). */
  readonly dropBatchAxis?: boolean;
}

const BUILDER = String.raw`
import json, sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto as TP
spec = json.load(open(sys.argv[1]))
types = {'int64': TP.INT64, 'int32': TP.INT32, 'float': TP.FLOAT}
in_name = spec.get('inputName') or 'input_ids'
out_name = spec.get('outputName') or 'logits'
seq = spec.get('fixedLength') or 'sequence'
inputs = [helper.make_tensor_value_info(in_name, types[spec.get('inputType') or 'int64'], [1, seq])]
nodes = []
ids = in_name
if spec.get('inputType') == 'float':
    nodes.append(helper.make_node('Cast', [in_name], ['ids64'], to=TP.INT64)); ids = 'ids64'
if spec.get('extraInput'):
    inputs.append(helper.make_tensor_value_info(spec['extraInput'], TP.INT64, [1, seq]))
embed = numpy_helper.from_array(np.array(spec['embed'], dtype=np.float32), 'embed')
project = numpy_helper.from_array(np.array(spec['project'], dtype=np.float32), 'project')
nodes.append(helper.make_node('Gather', ['embed', ids], ['hidden'], axis=0))
last = 'scores'
nodes.append(helper.make_node('MatMul', ['hidden', 'project'], [last]))
out_type, out_shape = TP.FLOAT, [1, seq, spec['vocab']]
if spec.get('dropBatchAxis'):
    axes = numpy_helper.from_array(np.array([0], dtype=np.int64), 'axes')
    project_init = [axes]
    nodes.append(helper.make_node('Squeeze', [last, 'axes'], ['squeezed'])); last = 'squeezed'
    out_shape = [seq, spec['vocab']]
else:
    project_init = []
if spec.get('intOutput'):
    nodes.append(helper.make_node('Cast', [last], ['cast'], to=TP.INT64)); last = 'cast'; out_type = TP.INT64
nodes.append(helper.make_node('Identity', [last], [out_name]))
graph = helper.make_graph(nodes, 'tiny', inputs, [helper.make_tensor_value_info(out_name, out_type, out_shape)],
                          [embed, project] + project_init)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[2])
`;

/** Writes a tiny ONNX graph (token embedding then a projection) with the onnx Python package. */
export function buildTinyOnnx(python: string, spec: TinyGraphSpec, outPath: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'holefill-onnx-'));
  const script = join(dir, 'build.py');
  const specPath = join(dir, 'spec.json');
  writeFileSync(script, BUILDER);
  writeFileSync(specPath, JSON.stringify(spec));
  const run = spawnSync(python, [script, specPath, outPath], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building ${outPath} failed: ${run.stderr}`);
}

/** Deterministic small weights (no RNG: the expected logits are recomputed in the test). */
export function tinyWeights(vocab: number, dim: number): { embed: number[][]; project: number[][] } {
  const embed = Array.from({ length: vocab }, (_, v) => Array.from({ length: dim }, (_, d) => Math.sin(v * 1.3 + d * 0.7)));
  const project = Array.from({ length: dim }, (_, d) => Array.from({ length: vocab }, (_, v) => Math.cos(d * 0.9 - v * 0.4)));
  return { embed, project };
}

/**
 * A tiny byte-level BPE tokenizer.json: the 256 byte tokens in byte order, the given merges (pairs of
 * strings of plain characters), then <|mask|>, <|pad|>, <|eos|> as special tokens.
 */
export function tinyTokenizerJson(merges: [string, string][], preTokenizer: unknown): Record<string, unknown> {
  const alphabet = byteAlphabet();
  const toVocab = (s: string) => Array.from(new TextEncoder().encode(s), (b) => alphabet[b]).join('');
  const vocab: Record<string, number> = {};
  alphabet.forEach((ch, b) => (vocab[ch] = b));
  const mergeStrings: string[] = [];
  for (const [a, b] of merges) {
    vocab[toVocab(a + b)] = Object.keys(vocab).length;
    mergeStrings.push(`${toVocab(a)} ${toVocab(b)}`);
  }
  const specials = ['<|mask|>', '<|pad|>', '<|eos|>'].map((content, i) => ({
    id: Object.keys(vocab).length + i,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  for (const s of specials) vocab[s.content] = s.id;
  return {
    version: '1.0',
    added_tokens: specials,
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: { type: 'BPE', dropout: null, unk_token: null, vocab, merges: mergeStrings },
  };
}
