#!/usr/bin/env bash
# The command for a lent GPU machine (the device `run` tool, from the repository root, carrying
# tools/train/work/gpu-carry made by gpu/pack.py):
#
#   bash tools/train/gpu/run.sh MINUTES
#
# trains the `gpu` profile of config.json from scratch for MINUTES of wall time and leaves in $OUT the
# weights (float16), Adam's moments (bfloat16), the training log and the console output, refreshed every
# exportEveryMinutes, so a run stopped by the call's time limit still brings back its last export.
# Back here: /usr/bin/python3 tools/train/gpu/unpack.py FILES_AT (models/README.md, "Training on a GPU").
set -euo pipefail
minutes=${1:?usage: run.sh MINUTES}
out=${OUT:-$PWD/tools/train/work/gpu-out}
mkdir -p "$out"
cd "$(dirname "$0")/.."
carry=work/gpu-carry
[ -f "$carry/tokens.npz" ] || { echo "run.sh: $carry/tokens.npz missing: run gpu/pack.py and carry $carry" >&2; exit 2; }
py=${PYTHON:-python3}
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
"$py" -c 'import torch, numpy; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
device=${DEVICE:-cuda}
workers=${WORKERS:-$(( $(nproc) > 10 ? 8 : $(nproc) / 2 ))}
"$py" train.py --profile gpu --device "$device" --run gpu --tokenizer-dir "$carry" --tokens "$carry/tokens.npz" \
  --workers "$workers" --minutes "$minutes" --out-dir "$out" "${@:2}" 2>&1 | tee "$out/train.out"
