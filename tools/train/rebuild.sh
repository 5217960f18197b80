#!/usr/bin/env bash
# Rebuilds the embedded default model from scratch: corpus -> tokenizer -> training -> ONNX export ->
# evaluation. Everything intermediate goes to tools/train/work/ (git-ignored); the results go to
# models/default/ and tools/train/checkpoints/default.pt.
#
#   bash tools/train/rebuild.sh                 # from scratch (hours on 2 CPU cores)
#   bash tools/train/rebuild.sh --resume        # continue tools/train/work/main/last.pt
#   bash tools/train/rebuild.sh --from-committed [--total-steps N]
#                                               # continue the committed checkpoint (later sessions)
# Extra arguments after the mode go to train.py (e.g. --minutes 60, --total-steps 8000).
set -euo pipefail
cd "$(dirname "$0")"
py=/usr/bin/python3   # Debian's python3-torch/onnx/numpy live here, not in other pythons on PATH
mode=${1:-scratch}
[ $# -gt 0 ] && shift
"$py" -c 'import torch, onnx, numpy' || { echo "rebuild: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread" >&2; exit 2; }

"$py" build_corpus.py
rm -rf work/tokenizer   # the token caches (*.npy) follow the corpus, rebuilt above
case "$mode" in
  scratch) "$py" tokenizer.py ;;
  --resume) "$py" tokenizer.py --from-checkpoint work/main/last.pt ;;
  --from-committed) "$py" tokenizer.py --from-checkpoint checkpoints/default.pt ;;
esac
case "$mode" in
  scratch) rm -rf work/main; "$py" train.py --run main "$@" ;;
  --resume) "$py" train.py --run main --resume "$@" ;;
  --from-committed) "$py" train.py --run main --init checkpoints/default.pt "$@" ;;
  *) echo "rebuild: unknown mode $mode" >&2; exit 2 ;;
esac
"$py" export_onnx.py
"$py" eval.py --out ../../models/default/eval.json
"$py" curve.py
