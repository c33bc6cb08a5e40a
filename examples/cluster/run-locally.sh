#!/bin/sh
# The cluster examples on one machine: shards 1..N of `agop explain` or `agop reproduce all` as N
# background processes (the index set here by hand, as Slurm's SLURM_ARRAY_TASK_ID or Kubernetes'
# JOB_COMPLETION_INDEX + 1 set it there), then the merge; the same agop-shard.sh steps.
#
#   EXPLAIN_ARGS="--checkpoint model/model.safetensors --csv rows.csv --method integrated-gradients" \
#       examples/cluster/run-locally.sh explain 2
#
# Settings as in agop-shard.sh (AGOP, AGOP_WORK, AGOP_THREADS, EXPLAIN_ARGS, REPRODUCE_ARGS).
# Exits non-zero, naming the shard and its log, when a shard fails; the merge then does not run.
set -eu

[ $# -eq 2 ] || { echo "usage: run-locally.sh explain|reproduce N" >&2; exit 2; }
job=$1 shards=$2
here=$(dirname "$0")
work=${AGOP_WORK:-agop-cluster}
mkdir -p "$work/logs"

pids=""
i=1
while [ "$i" -le "$shards" ]; do
    "$here/agop-shard.sh" "$job" "$i" "$shards" > "$work/logs/$job-$i.log" 2>&1 &
    pids="$pids $!"
    i=$((i + 1))
done
i=1
for pid in $pids; do
    if ! wait "$pid"; then
        echo "run-locally.sh: shard $i/$shards failed; see $work/logs/$job-$i.log:" >&2
        cat "$work/logs/$job-$i.log" >&2
        exit 1
    fi
    i=$((i + 1))
done
"$here/agop-shard.sh" "$job" merge "$shards"
