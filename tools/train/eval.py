#!/usr/bin/python3
"""Evaluate a checkpoint on the held-out split (files never seen in training).

1. Masked-token accuracy and cross-entropy (nats/token and nats/byte of the masked text) at 15%, 50%
   and 90% masking, on fixed windows of train.seqLen tokens (same seeds every run).
2. Line infilling, unconstrained greedy (tools/train/fill.py): single-line and 3-line holes cut from
   held-out files; each hole gets `--slots` mask tokens; exact match and mean character edit similarity
   (1 - Levenshtein / longer length) against the removed text.
Prints a JSON summary (also written with --out).
"""
import argparse
import json
import os
import random

import numpy as np
import torch

import fill as fill_lib
import model as model_lib
import tokenizer as tok_lib
import train as train_lib

HERE = os.path.dirname(os.path.abspath(__file__))


def edit_similarity(a, b):
    if not a and not b:
        return 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1 - prev[-1] / max(len(a), len(b))


def line_holes(docs, lines_per_hole, count, seed):
    """(prefix, removed, suffix) cut at line boundaries from held-out files; removed lines are non-blank."""
    rng = random.Random(seed)
    out = []
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        doc = rng.choice(docs)
        lines = doc.split('\n')
        if len(lines) < lines_per_hole + 6:
            continue
        i = rng.randrange(3, len(lines) - lines_per_hole - 2)
        removed = lines[i:i + lines_per_hole]
        if any(not l.strip() for l in removed) or sum(len(l) for l in removed) > 60 * lines_per_hole:
            continue
        # The hole is the line's content after its indentation (the indentation stays as context).
        indent = removed[0][:len(removed[0]) - len(removed[0].lstrip())]
        prefix = '\n'.join(lines[:i]) + '\n' + indent
        hole = '\n'.join(removed)[len(indent):]
        suffix = '\n' + '\n'.join(lines[i + lines_per_hole:])
        out.append((prefix, hole, suffix))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--checkpoint', default=os.path.join(HERE, 'work', 'main', 'last.pt'))
    parser.add_argument('--tokenizer-dir', default=os.path.join(HERE, 'work', 'tokenizer'))
    parser.add_argument('--batches', type=int, default=24, help='batches of masked windows per ratio')
    parser.add_argument('--holes', type=int, default=30, help='line holes of each kind')
    parser.add_argument('--slots', type=int, default=0, help='mask slots per hole (0: about 50 bytes per line)')
    parser.add_argument('--out')
    args = parser.parse_args()
    torch.set_num_threads(1)
    state = torch.load(args.checkpoint)
    config = state['config']
    c = config['train']
    with open(os.path.join(args.tokenizer_dir, 'merges.json')) as f:
        enc = tok_lib.Encoder(json.load(f))
    net = model_lib.build(config['model'], state['vocabSize'])
    net.load_state_dict(state['model'])
    net.eval()
    token_bytes = torch.tensor([len(b) for b in enc.token_bytes] + [0] * len(tok_lib.SPECIAL_TOKENS))
    held = train_lib.load_tokens(args.tokenizer_dir, 'heldout')
    summary = {'checkpoint': os.path.relpath(args.checkpoint, HERE), 'step': state['step'],
               'tokensSeen': state['tokensSeen'], 'masked': {}}
    for ratio in (0.15, 0.5, 0.9):
        eval_set = train_lib.make_eval_set(held, c, enc.special, ratio, args.batches, 999)
        summary['masked'][f'{int(ratio * 100)}%'] = {k: round(v, 4) for k, v in
                                                     train_lib.evaluate(net, eval_set, token_bytes).items()}
    with open(os.path.join(HERE, 'work', 'corpus', 'heldout.txt'), encoding='utf-8') as f:
        docs = [d for d in f.read().split('\0') if d]
    for lines in (1, 3):
        holes = line_holes(docs, lines, args.holes, 2024 + lines)
        # About 50 bytes of mask slots per line, in tokens of this vocabulary.
        slots = args.slots or lines * int(np.ceil(50 / float(token_bytes[torch.from_numpy(held[:200000].astype(np.int64))].float().mean())))
        result = {'holes': len(holes), 'slots': slots}
        for order in ('confidence', 'left-to-right'):
            exact = 0
            sims = []
            passes = 0
            for prefix, removed, suffix in holes:
                (filled,), n = fill_lib.greedy_fill(net, enc, [prefix, suffix], slots, order=order)
                passes += n
                exact += filled.strip() == removed.strip()
                sims.append(edit_similarity(filled.strip(), removed.strip()))
            result[order] = {'exactMatch': round(exact / len(holes), 4), 'editSimilarity': round(float(np.mean(sims)), 4),
                             'forwardPasses': passes}
        # Baseline: copy the lines above the hole.
        result['copyPreviousLinesEditSimilarity'] = round(float(np.mean([
            edit_similarity('\n'.join(prefix.split('\n')[-lines - 1:-1]).strip(), removed.strip())
            for prefix, removed, _ in holes])), 4)
        summary[f'{lines}-line holes'] = result
    print(json.dumps(summary, indent=1))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(summary, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main()
