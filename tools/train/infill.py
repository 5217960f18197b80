#!/usr/bin/python3
"""Fill the <|hole|> markers of a file with the trained model, unconstrained and greedy (examples only).

  /usr/bin/python3 tools/train/infill.py FILE [--slots 16] [--checkpoint work/main/last.pt]
Prints each hole's fill and the number of forward passes.
"""
import argparse
import json
import os

import torch

import fill as fill_lib
import model as model_lib
import tokenizer as tok_lib

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('file')
    parser.add_argument('--slots', type=int, default=16, help='mask tokens per hole')
    parser.add_argument('--marker', default='<|hole|>')
    parser.add_argument('--order', choices=['confidence', 'left-to-right'], default='confidence')
    parser.add_argument('--checkpoint', default=os.path.join(HERE, 'checkpoints', 'default.pt'))
    args = parser.parse_args()
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint)
    enc = tok_lib.Encoder(state['merges'])
    net = model_lib.build(state['config']['model'], state['vocabSize'])
    net.load_state_dict(state['model'])
    net.eval()
    with open(args.file, encoding='utf-8') as f:
        segments = f.read().split(args.marker)
    fills, passes = fill_lib.greedy_fill(net, enc, segments, args.slots, order=args.order)
    for i, text in enumerate(fills):
        print(f'hole {i + 1}: {json.dumps(text)}')
    print(f'{passes} forward passes')
    out = segments[0]
    for text, seg in zip(fills, segments[1:]):
        out += text + seg
    print('---')
    print(out)


if __name__ == '__main__':
    main()
