#!/usr/bin/env bash
# Peak memory and rows/s of `agop explain --csv` (Integrated Gradients) on synthetic
# 25-column tables of growing size: the streaming explain's memory must not grow with rows.
#
#   bench/streaming_explain.sh AGOP_BINARY WORK_DIR [ROWS...]     (default rows: 100000 1000000 5000000)
#
# Writes WORK_DIR/train.csv (2,000 rows), trains an MLP on it with `agop train`, writes
# WORK_DIR/rows_<N>.csv (20 numeric and 5 categorical columns, seeded), and runs, for each N,
#   /usr/bin/time -v agop explain --method integrated-gradients --csv rows_<N>.csv
# printing N, wall seconds, user+system CPU seconds, peak RSS (MiB) and rows/s. Nothing is
# kept but the tables (delete WORK_DIR afterwards). Run it niced on a shared machine.
set -euo pipefail
agop=$(realpath "$1"); work=$2; shift 2
rows=("$@"); [ ${#rows[@]} -eq 0 ] && rows=(100000 1000000 5000000)
threads=${THREADS:-2}
mkdir -p "$work"

# Synthetic rows: x0..x19 numeric, c0..c4 categorical (4 levels), target from a fixed rule.
make_table() {  # make_table ROWS SEED FILE
    python3 - "$1" "$2" "$3" <<'PY'
import random, sys
n, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
levels = ["a", "b", "c", "d"]
with open(path, "w") as f:
    f.write(",".join([f"x{i}" for i in range(20)] + [f"c{i}" for i in range(5)] + ["y"]) + "\n")
    for _ in range(n):
        x = [rng.gauss(0, 1) for _ in range(20)]
        c = [rng.choice(levels) for _ in range(5)]
        y = int(x[0] + 0.5 * x[1] - x[2] + (c[0] == "a") > 0)
        f.write(",".join([f"{v:.5f}" for v in x] + c + [str(y)]) + "\n")
PY
}

[ -f "$work/train.csv" ] || make_table 2000 1 "$work/train.csv"
[ -f "$work/model/model.safetensors" ] ||
    "$agop" train --data "csv:$work/train.csv:y" --epochs 20 --threads "$threads" --out "$work/model" --force --quiet
printf "%10s %10s %10s %12s %10s\n" rows wall_s cpu_s peak_rss_MiB rows_per_s
for n in "${rows[@]}"; do
    [ -f "$work/rows_$n.csv" ] || make_table "$n" "$n" "$work/rows_$n.csv"
    log="$work/time_$n.txt"
    /usr/bin/time -v "$agop" explain --checkpoint "$work/model/model.safetensors" --csv "$work/rows_$n.csv" \
        --method integrated-gradients --threads "$threads" --out "$work/out_$n" --force --quiet 2> "$log"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$log")
    cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$log")
    printf "%10d %10.1f %10.1f %12.1f %10.0f\n" "$n" "$wall" "$cpu" "$rss" "$(echo "$n / $wall" | bc -l)"
    rm -rf "$work/out_$n"
done
