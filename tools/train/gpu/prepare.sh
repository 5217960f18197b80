#!/usr/bin/env bash
# Prepares a GPU run on this machine: the `gpu` profile's corpus (work/corpus-gpu/: the default corpus's
# files and more of the same candidates, same splits), the tokenizer of the committed checkpoint, and
# the carry folder work/gpu-carry/ (gpu/pack.py). Then, with the device `run` tool:
#   command: bash tools/train/gpu/run.sh 7      carry: ["tools/train/work/gpu-carry"]     timeout_s: 600
# and back here: bash tools/train/gpu/finish.sh FILES_AT
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
"$py" -c 'import torch, onnx, numpy' || { echo "prepare: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread" >&2; exit 2; }
"$py" build_corpus.py --profile gpu
[ -f work/tokenizer/merges.json ] || "$py" tokenizer.py --from-checkpoint checkpoints/default.pt
"$py" gpu/pack.py --profile gpu
