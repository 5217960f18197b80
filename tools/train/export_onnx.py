#!/usr/bin/python3
"""Export a checkpoint to models/default: model.onnx, tokenizer.json, holefill-model.json, reference.json.

ONNX: opset 17, input `input_ids` int64 [1, T] with a dynamic T, output `logits` float32 [1, T, V].
reference.json holds a fixed input and, per position, torch's argmax, the logit there and the
log-sum-exp of the logits, so a test can check that onnxruntime-node computes the same function.
Optionally also writes a small resumable checkpoint (weights + optimiser) for later sessions.
"""
import argparse
import json
import os
import shutil

import torch

import model as model_lib
import tokenizer as tok_lib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

REFERENCE_TEXT = 'int main(void) {\n    printf("%d\\n", 42);\n    return 0;\n}\n'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--checkpoint', default=os.path.join(HERE, 'work', 'main', 'last.pt'))
    parser.add_argument('--tokenizer-dir', default=os.path.join(HERE, 'work', 'tokenizer'))
    parser.add_argument('--out', default=os.path.join(ROOT, 'models', 'default'))
    parser.add_argument('--commit-checkpoint', default=os.path.join(HERE, 'checkpoints', 'default.pt'),
                        help='where to write the resumable checkpoint ("" to skip)')
    args = parser.parse_args()
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint)
    config = state['config']
    with open(os.path.join(args.tokenizer_dir, 'merges.json')) as f:
        enc = tok_lib.Encoder(json.load(f))
    net = model_lib.build(config['model'], state['vocabSize'])
    net.load_state_dict(state['model'])
    net.eval()
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, 'model.onnx')
    example = torch.tensor([enc.encode(REFERENCE_TEXT)], dtype=torch.long)
    torch.onnx.export(net, (example,), onnx_path, opset_version=17, input_names=['input_ids'],
                      output_names=['logits'], dynamic_axes={'input_ids': {1: 'sequence'}, 'logits': {1: 'sequence'}},
                      do_constant_folding=True)
    shutil.copy(os.path.join(args.tokenizer_dir, 'tokenizer.json'), os.path.join(args.out, 'tokenizer.json'))
    manifest = {
        'name': 'holefill-default',
        'description': f'{sum(p.numel() for p in net.parameters())} parameters, {state["vocabSize"]} tokens, '
                       f'trained {state["step"]} steps on {state["tokensSeen"]} tokens '
                       '(tools/train, see models/README.md)',
        'onnx': 'model.onnx',
        'tokenizer': 'tokenizer.json',
        'maskTokenId': enc.special['<|mask|>'],
        'eosTokenId': enc.special['<|eos|>'],
        'padTokenId': enc.special['<|pad|>'],
        'shiftedLogits': False,
        # The length it was trained on: rotary positions would take longer inputs, but the model has never
        # seen distances beyond it.
        'maxLength': config['train']['seqLen'],
        'inputName': 'input_ids',
        'outputName': 'logits',
        # Decoding advice for src/decode: blocks of a few slots left to right (measured with
        # `npm run bench -- fill --block N`; see models/README.md).
        'blockLength': config.get('decode', {}).get('blockLength', 0),
        'documentPrior': config.get('decode', {}).get('documentPrior', 0),
    }
    with open(os.path.join(args.out, 'holefill-model.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    # Reference: the example with a few positions masked, as the decoder will run it.
    ids = example.clone()
    ids[0, 5:9] = enc.special['<|mask|>']
    with torch.no_grad():
        logits = net(ids)[0]
    reference = {'text': REFERENCE_TEXT, 'inputIds': ids[0].tolist(),
                 'argmax': logits.argmax(-1).tolist(),
                 'maxLogit': [round(v, 5) for v in logits.max(-1).values.tolist()],
                 'logSumExp': [round(v, 5) for v in torch.logsumexp(logits, -1).tolist()]}
    with open(os.path.join(args.out, 'reference.json'), 'w') as f:
        json.dump(reference, f)
        f.write('\n')
    if args.commit_checkpoint:
        os.makedirs(os.path.dirname(args.commit_checkpoint), exist_ok=True)
        keep = {k: state[k] for k in ('model', 'optimizer', 'step', 'tokensSeen', 'elapsed', 'dataRng', 'torchRng',
                                      'config', 'vocabSize')}
        keep['merges'] = [list(m) for m in enc.merges]
        # Adam's moments in bfloat16 (fp32's range, half the bytes) keep the committed file under 20 MB;
        # train.py turns them back into float32 when it resumes.
        for slot in keep['optimizer']['state'].values():
            for name, value in slot.items():
                if torch.is_tensor(value) and value.is_floating_point() and value.dim() > 0:
                    slot[name] = value.to(torch.bfloat16)
        torch.save(keep, args.commit_checkpoint)
        corpus_manifest = os.path.join(HERE, 'work', 'corpus', 'manifest.jsonl')
        if os.path.exists(corpus_manifest):  # for bench/model.ts: the held-out files of this machine
            with open(corpus_manifest) as f, \
                    open(os.path.join(os.path.dirname(args.commit_checkpoint), 'heldout-files.txt'), 'w') as out:
                for line in f:
                    record = json.loads(line)
                    if record['split'] == 'heldout':
                        out.write(record['path'] + '\n')
        licences = os.path.join(HERE, 'work', 'corpus', 'licences.json')
        if os.path.exists(licences):
            shutil.copy(licences, os.path.join(os.path.dirname(args.commit_checkpoint), 'corpus-licences.json'))
        log = os.path.join(os.path.dirname(args.checkpoint), 'log.jsonl')
        if os.path.exists(log):
            shutil.copy(log, os.path.join(os.path.dirname(args.commit_checkpoint), 'train-log.jsonl'))
    print(f'wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.2f} MB) from step {state["step"]}')


if __name__ == '__main__':
    main()
