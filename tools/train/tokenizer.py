#!/usr/bin/python3
"""Byte-level BPE for code: training, a Python encoder, and the HF tokenizer.json writer.

Ids 0..255 are the single bytes in byte order, then one id per merge, then the special tokens.
With 0 merges this is a plain byte vocabulary written in the same format, so one loader serves both.

Pre-tokenisation splits text with PRETOKENIZE_PATTERN (written into tokenizer.json as a Split
pre-tokenizer, so the TypeScript loader splits the same way); it uses only ASCII classes, which mean
the same in Python's `re` and in JavaScript regular expressions.
"""
import argparse
import collections
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

PRETOKENIZE_PATTERN = r" ?[A-Za-z_]+| ?[0-9]{1,3}| ?[^\sA-Za-z0-9_]+|\s+(?!\S)|\s+"
SPECIAL_TOKENS = ['<|mask|>', '<|pad|>', '<|eos|>']


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map (what HF ByteLevel uses)."""
    printable = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + \
        list(range(ord('®'), ord('ÿ') + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


PRETOKENIZE = re.compile(PRETOKENIZE_PATTERN)


def train_bpe(text, merges):
    """Classic BPE over pre-tokenised word counts, with incremental pair-count updates."""
    counts = collections.Counter(PRETOKENIZE.findall(text))
    words = [list(w.encode('utf-8')) for w in counts]
    freqs = list(counts.values())
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    result = []
    for step in range(merges):
        if not pair_counts:
            break
        best = max(pair_counts.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))[0]
        if pair_counts[best] < 2:
            break
        new_id = 256 + step
        result.append(best)
        for i in list(where[best]):
            w = words[i]
            f = freqs[i]
            for a, b in zip(w, w[1:]):
                pair_counts[(a, b)] -= f
                if pair_counts[(a, b)] <= 0:
                    del pair_counts[(a, b)]
            merged = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == best[0] and w[j + 1] == best[1]:
                    merged.append(new_id)
                    j += 2
                else:
                    merged.append(w[j])
                    j += 1
            words[i] = merged
            for a, b in zip(merged, merged[1:]):
                pair_counts[(a, b)] += f
                where[(a, b)].add(i)
        del where[best]
    return result


class Encoder:
    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.rank = {m: i for i, m in enumerate(self.merges)}
        self.token_bytes = [bytes([b]) for b in range(256)]
        for a, b in self.merges:
            self.token_bytes.append(self.token_bytes[a] + self.token_bytes[b])
        self.vocab_size = 256 + len(self.merges) + len(SPECIAL_TOKENS)
        self.special = {name: 256 + len(self.merges) + i for i, name in enumerate(SPECIAL_TOKENS)}
        self.cache = {}

    def encode_word(self, word):
        ids = self.cache.get(word)
        if ids is not None:
            return ids
        ids = list(word.encode('utf-8'))
        while len(ids) > 1:
            best = None
            for k in range(len(ids) - 1):
                r = self.rank.get((ids[k], ids[k + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, k)
            if best is None:
                break
            r, k = best
            ids[k:k + 2] = [256 + r]
        if len(self.cache) < 500000:
            self.cache[word] = ids
        return ids

    def encode(self, text):
        out = []
        for word in PRETOKENIZE.findall(text):
            out.extend(self.encode_word(word))
        return out

    def decode(self, ids):
        parts = []
        for i in ids:
            if i < len(self.token_bytes):
                parts.append(self.token_bytes[i])
        return b''.join(parts).decode('utf-8', errors='replace')


def tokenizer_json(merges):
    byte_char = bytes_to_unicode()
    enc = Encoder(merges)
    vocab = {}
    for i, tb in enumerate(enc.token_bytes):
        vocab[''.join(byte_char[b] for b in tb)] = i
    merge_strings = [''.join(byte_char[b] for b in enc.token_bytes[a]) + ' ' +
                     ''.join(byte_char[b] for b in enc.token_bytes[b]) for a, b in enc.merges]
    added = [{'id': enc.special[name], 'content': name, 'single_word': False, 'lstrip': False, 'rstrip': False,
              'normalized': False, 'special': True} for name in SPECIAL_TOKENS]
    for a in added:
        vocab[a['content']] = a['id']
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': added,
        'normalizer': None,
        'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [
            {'type': 'Split', 'pattern': {'Regex': PRETOKENIZE_PATTERN}, 'behavior': 'Isolated', 'invert': False},
            {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': False, 'use_regex': False},
        ]},
        'post_processor': None,
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': False, 'use_regex': False},
        'model': {'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': None,
                  'end_of_word_suffix': None, 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
                  'vocab': vocab, 'merges': merge_strings},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config', default=os.path.join(HERE, 'config.json'))
    parser.add_argument('--merges', type=int, help='override the config (for measurements)')
    parser.add_argument('--out', default=os.path.join(HERE, 'work', 'tokenizer'))
    parser.add_argument('--from-checkpoint', help='write the tokenizer whose merges a checkpoint was trained with')
    args = parser.parse_args()
    with open(args.config) as f:
        config = json.load(f)['tokenizer']
    n_merges = args.merges if args.merges is not None else (config['merges'] if config['kind'] == 'bpe' else 0)
    if args.from_checkpoint:
        import torch
        merges = torch.load(args.from_checkpoint)['merges']
    else:
        with open(os.path.join(HERE, 'work', 'corpus', 'train.txt'), encoding='utf-8') as f:
            text = f.read(config['trainBytes']).replace('\0', '\n')
        merges = train_bpe(text, n_merges)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'merges.json'), 'w') as f:
        json.dump(merges, f)
    with open(os.path.join(args.out, 'tokenizer.json'), 'w', encoding='utf-8') as f:
        json.dump(tokenizer_json(merges), f, ensure_ascii=False, indent=1)
    enc = Encoder(merges)
    with open(os.path.join(HERE, 'work', 'corpus', 'heldout.txt'), encoding='utf-8') as f:
        held = f.read().replace('\0', '\n')
    ids = enc.encode(held)
    assert enc.decode(ids) == held, 'round trip failed'
    print(f'merges {len(merges)} vocab {enc.vocab_size}: held-out {len(held.encode())} bytes -> {len(ids)} tokens, '
          f'{len(held.encode()) / len(ids):.3f} bytes/token')


if __name__ == '__main__':
    main()
