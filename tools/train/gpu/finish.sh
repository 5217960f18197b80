#!/usr/bin/env bash
# After a GPU run (gpu/run.sh): FILES_AT is where the device tool put $OUT's files. Rebuilds the
# checkpoint (work/gpu/last.pt), exports it to models/default (model.onnx, manifest, reference; the
# resumable checkpoints/default.pt and train-log.jsonl) and evaluates it (models/default/eval.json).
# Compare with the shipped model before committing (models/README.md, "Training on a GPU").
set -euo pipefail
files_at=${1:?usage: finish.sh FILES_AT}
cd "$(dirname "$0")/.."
py=/usr/bin/python3
"$py" gpu/unpack.py "$files_at" --run gpu
"$py" export_onnx.py --checkpoint work/gpu/last.pt
"$py" eval.py --checkpoint work/gpu/last.pt --out ../../models/default/eval.json
"$py" curve.py --log checkpoints/train-log.jsonl
