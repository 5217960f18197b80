#!/usr/bin/python3
"""Prints the training curve (tokens seen vs held-out masked CE at 15% masking) as a markdown table,
from the run's log (work/main/log.jsonl, or the committed copy checkpoints/train-log.jsonl)."""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--log', default=None)
    parser.add_argument('--rows', type=int, default=16)
    args = parser.parse_args()
    log = args.log or next(p for p in (os.path.join(HERE, 'work', 'main', 'log.jsonl'),
                                        os.path.join(HERE, 'checkpoints', 'train-log.jsonl')) if os.path.exists(p))
    with open(log) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    by_step = {e['step']: e for e in entries}  # a resumed run may repeat steps; keep the last
    entries = [by_step[s] for s in sorted(by_step)]
    stride = max(1, len(entries) // args.rows)
    shown = entries[::stride]
    if shown[-1] is not entries[-1]:
        shown.append(entries[-1])
    print('| step | tokens seen | bytes seen | wall time | train loss | held-out CE (nats/token) | nats/byte | accuracy |')
    print('|---:|---:|---:|---:|---:|---:|---:|---:|')
    for e in shown:
        h = e['heldout15']
        print(f"| {e['step']} | {e['tokensSeen'] / 1e6:.2f} M | {e['bytesSeen'] / 1e6:.1f} M | {e['elapsedS'] / 60:.0f} min | "
              f"{e['trainLoss']:.3f} | {h['ce']:.3f} | {h['cePerByte']:.3f} | {h['acc'] * 100:.1f}% |")


if __name__ == '__main__':
    main()
