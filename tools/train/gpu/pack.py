#!/usr/bin/python3
"""Packs what a GPU run needs into tools/train/work/gpu-carry/ (git-ignored), small enough for the
device machine's carry limit (64 MiB): both token splits of the profile's corpus in one compressed .npz
and the tokenizer's merges. Run after `build_corpus.py --profile gpu` and tokenizer.py (gpu/prepare.sh
does all three); run.sh reads the folder.
"""
import argparse
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)
import train as train_lib  # noqa: E402

CARRY_LIMIT = 60 * 2**20  # the device's 64 MiB, less room for the repository's own changes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--profile', default='gpu', help='the corpus of build_corpus.py --profile PROFILE ("": the default corpus)')
    args = parser.parse_args()
    tokenizer_dir = os.path.join(TRAIN, 'work', 'tokenizer')
    corpus_dir = os.path.join(TRAIN, 'work', 'corpus-' + args.profile) if args.profile else None
    if corpus_dir and not os.path.exists(os.path.join(corpus_dir, 'train.txt')):
        raise SystemExit(f'pack: no {corpus_dir}: run build_corpus.py --profile {args.profile} first')
    out = os.path.join(TRAIN, 'work', 'gpu-carry')
    os.makedirs(out, exist_ok=True)
    splits = {split: train_lib.load_tokens(tokenizer_dir, split, corpus_dir=corpus_dir) for split in ('train', 'heldout')}
    # A byte vocabulary's ids fit 9 bits; uint16 with mostly-zero high bytes compresses to about a third.
    path = os.path.join(out, 'tokens.npz')
    np.savez_compressed(path, **splits)
    shutil.copy(os.path.join(tokenizer_dir, 'merges.json'), os.path.join(out, 'merges.json'))
    size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print(f'{out}: train {len(splits["train"])} tokens, held out {len(splits["heldout"])}; {size / 2**20:.1f} MiB')
    if size > CARRY_LIMIT:
        raise SystemExit(f'pack: {size / 2**20:.1f} MiB is over the {CARRY_LIMIT / 2**20:.0f} MiB a run may carry; '
                         'lower corpus.bytesPerLanguage')


if __name__ == '__main__':
    main()
