#!/bin/bash
# agop against PyTorch on this machine: runs `agop bench` and bench/pytorch_reference.py in
# turns, one workload at a time (so that both see the same machine load on a shared
# machine), then writes the ratio table with bench/compare.py. Builds nothing: build/agop
# must exist. T10 needs $AGOP_DATA_DIR (adult/adult.data beneath it).
#
#   bench/run_comparison.sh [OUT_DIR [ID ...]]      default: results/bench-comparison, P0 T1 ... R3
#
# Writes OUT_DIR/machine.txt (CPU, OPENBLAS_CORETYPE, load, torch's parallel settings),
# OUT_DIR/agop/ID/bench.json, OUT_DIR/torch/ID.json and OUT_DIR/comparison.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/results/bench-comparison}
shift || true
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
    ids=(P0 T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 C1 C2 C3 R1 R2 R3)
fi
python=/usr/bin/python3  # Debian's python3-torch; a pyenv python on PATH has no torch
[ -x "$root/build/agop" ] || { echo "run_comparison: build/agop is missing; build it first" >&2; exit 1; }

mkdir -p "$out/agop" "$out/torch"
{
    echo "date: $(date -Iseconds)"
    echo "OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE:-(unset)}"
    lscpu | grep -E "^(Model name|CPU\(s\)|Thread|Core)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$python" -c "import torch; print('torch', torch.__version__); print(torch.__config__.parallel_info())"
} > "$out/machine.txt"

for id in "${ids[@]}"; do
    echo "run_comparison: $id" >&2
    "$root/build/agop" bench --only "$id" --out "$out/agop/$id" --force --quiet >/dev/null
    "$python" "$root/bench/pytorch_reference.py" --only "$id" --out "$out/torch/$id.json" >/dev/null
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

"$python" "$root/bench/compare.py" --agop "$out"/agop/*/bench.json --torch "$out"/torch/*.json \
    --out "$out/comparison.md"
