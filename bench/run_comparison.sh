#!/bin/bash
# agop against PyTorch on this machine, in one command: for each workload, in turns (so that
# all three see the same machine load on a shared machine),
#   1. `agop bench` with OPENBLAS_CORETYPE unset: what a user gets (agop picks the core itself),
#   2. `agop bench` with OPENBLAS_CORETYPE set to the best core type for this CPU,
#   3. bench/pytorch_reference.py with that core type and OMP_WAIT_POLICY=PASSIVE (its best),
# then writes the ratio table with bench/compare.py: ratio at 1 and 2 threads for (1) and (2)
# against (3), and agop's own 2-thread / 1-thread speed-up. Builds nothing: build/agop must
# exist. T10 needs $AGOP_DATA_DIR (adult/adult.data beneath it).
#
#   bench/run_comparison.sh [OUT_DIR [ID ...]]      default: results/bench-comparison, P0 T1 ... R3
#
# BEST_CORE=Name overrides the best core type (default: what `agop info --system` names).
# Writes OUT_DIR/machine.txt (CPU, cores chosen, load, torch's parallel settings),
# OUT_DIR/agop/ID/bench.json, OUT_DIR/agop-core-set/ID/bench.json, OUT_DIR/torch/ID.json,
# OUT_DIR/comparison.md, and prints the wall time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/results/bench-comparison}
shift || true
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
    ids=(P0 T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 C1 C2 C3 R1 R2 R3)
fi
python=/usr/bin/python3  # Debian's python3-torch; a pyenv python on PATH has no torch
agop=$root/build/agop
[ -x "$agop" ] || { echo "run_comparison: build/agop is missing; build it first" >&2; exit 1; }
unset_core=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u AGOP_OPENBLAS_OWN_CORE)
best=${BEST_CORE:-$("${unset_core[@]}" "$agop" info --system | sed -n 's/^openblas core fitting this cpu: //p')}
case "$best" in
    ""|"(OpenBLAS's own)") best=$("${unset_core[@]}" "$agop" info --system | sed -n 's/^openblas core: //p') ;;
esac
set_core=(env -u OPENBLAS_L2_SIZE -u AGOP_OPENBLAS_OWN_CORE OPENBLAS_CORETYPE="$best")
start=$(date +%s)

mkdir -p "$out/agop" "$out/agop-core-set" "$out/torch"
{
    echo "date: $(date -Iseconds)"
    echo "ids: ${ids[*]}"
    lscpu | grep -E "^(Model name|CPU\(s\)|Thread|Core)"
    echo "agop, OPENBLAS_CORETYPE unset:"
    "${unset_core[@]}" "$agop" info --system | sed 's/^/    /'
    echo "best core type (agop with it set, and PyTorch): $best"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    "${set_core[@]}" "$python" -c "import torch; print('torch', torch.__version__); print(torch.__config__.parallel_info())"
} > "$out/machine.txt"

for id in "${ids[@]}"; do
    echo "run_comparison: $id (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    "${unset_core[@]}" "$agop" bench --only "$id" --out "$out/agop/$id" --force --quiet >/dev/null
    "${set_core[@]}" "$agop" bench --only "$id" --out "$out/agop-core-set/$id" --force --quiet >/dev/null
    "${set_core[@]}" OMP_WAIT_POLICY=PASSIVE "$python" "$root/bench/pytorch_reference.py" --only "$id" \
        --out "$out/torch/$id.json" >/dev/null
done
{
    echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "wall time: $(( $(date +%s) - start )) s"
} >> "$out/machine.txt"

"$python" "$root/bench/compare.py" --agop "$out"/agop/*/bench.json --agop-core-set "$out"/agop-core-set/*/bench.json \
    --torch "$out"/torch/*.json --out "$out/comparison.md"
echo "run_comparison: $(( $(date +%s) - start )) s; wrote $out/comparison.md" >&2
