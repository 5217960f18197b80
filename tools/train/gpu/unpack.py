#!/usr/bin/python3
"""Turns what gpu/run.sh left in $OUT (weights.pt, adam-exp-avg.pt, adam-exp-avg-sq.pt, log.jsonl) into
a checkpoint of the usual form, work/<run>/last.pt (float32 weights, AdamW state), which train.py
--resume, export_onnx.py and eval.py read:

  /usr/bin/python3 tools/train/gpu/unpack.py FILES_AT [--run gpu]
  /usr/bin/python3 tools/train/export_onnx.py --checkpoint tools/train/work/gpu/last.pt
"""
import argparse
import os
import shutil
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)
import model as model_lib  # noqa: E402
import train as train_lib  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('files_at', help="the folder with run.sh's output")
    parser.add_argument('--run', default='gpu', help='folder under tools/train/work/ to write')
    args = parser.parse_args()
    weights = torch.load(os.path.join(args.files_at, 'weights.pt'))
    config = weights['config']
    net = model_lib.build(config['model'], weights['vocabSize'])
    net.load_state_dict({k: v.float() for k, v in weights['model'].items()})
    opt = train_lib.make_optimizer(net, config['train'], torch.device('cpu'))
    avg_path = os.path.join(args.files_at, 'adam-exp-avg.pt')
    sq_path = os.path.join(args.files_at, 'adam-exp-avg-sq.pt')
    if os.path.exists(avg_path) and os.path.exists(sq_path):
        avg, sq = torch.load(avg_path), torch.load(sq_path)['exp_avg_sq']
        for name, p in net.named_parameters():
            if name in avg['exp_avg']:
                opt.state[p] = {'step': torch.tensor(avg['step'][name]), 'exp_avg': avg['exp_avg'][name].float(),
                                'exp_avg_sq': sq[name].float()}
    else:
        print('unpack: no Adam moments; a resumed run starts its optimiser afresh')
    run_dir = os.path.join(TRAIN, 'work', args.run)
    os.makedirs(run_dir, exist_ok=True)
    state = {'model': net.state_dict(), 'optimizer': opt.state_dict(), 'step': weights['step'],
             'tokensSeen': weights['tokensSeen'], 'elapsed': weights['elapsed'], 'dataRng': None, 'torchRng': None,
             'config': config, 'vocabSize': weights['vocabSize'], 'merges': weights['merges']}
    torch.save(state, os.path.join(run_dir, 'last.pt'))
    log = os.path.join(args.files_at, 'log.jsonl')
    if os.path.exists(log):
        shutil.copy(log, os.path.join(run_dir, 'log.jsonl'))
    params = sum(p.numel() for p in net.parameters())
    print(f'{run_dir}/last.pt: {params} parameters, step {weights["step"]}, {weights["tokensSeen"]} tokens, '
          f'{weights["elapsed"]:.0f} s of training')


if __name__ == '__main__':
    main()
