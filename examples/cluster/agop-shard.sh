#!/bin/sh
# One step of a sharded agop run, the same on every scheduler (Slurm, Kubernetes, run-locally.sh):
#
#   agop-shard.sh explain|reproduce I N     runs shard I of N (1-based) into $AGOP_WORK/<job>-parts/part-I
#   agop-shard.sh explain|reproduce merge N joins part-1..part-N into $AGOP_WORK/<job>
#
# Settings, from the environment (the same on every node, or the parts will not merge):
#   AGOP            the agop executable (default: agop on PATH)
#   AGOP_WORK       a folder every node sees (default: agop-cluster)
#   AGOP_THREADS    --threads of every shard (default: 2); bit-identity holds at one thread count
#   OPENBLAS_CORETYPE  one sgemm kernel set on every node (e.g. Haswell), read by OpenBLAS itself
#   EXPLAIN_ARGS    explain: the options of `agop explain` (checkpoint, rows, method, ...), required
#   REPRODUCE_ARGS  reproduce: the options of `agop reproduce all` (e.g. --quick), default none
# Options are split on spaces: paths in them must not hold spaces.
set -eu

usage() {
    echo "usage: agop-shard.sh explain|reproduce I N | agop-shard.sh explain|reproduce merge N" >&2
    exit 2
}
[ $# -eq 3 ] || usage
job=$1 step=$2 shards=$3
agop=${AGOP:-agop}
work=${AGOP_WORK:-agop-cluster}
threads=${AGOP_THREADS:-2}
case $shards in '' | *[!0-9]*) usage ;; esac

parts() {
    i=1
    while [ "$i" -le "$shards" ]; do
        printf '%s ' "$work/$job-parts/part-$i"
        i=$((i + 1))
    done
}

# A shard rerun (a requeued task) replaces its own earlier part: --force on part folders only.
case $job/$step in
explain/merge)
    # shellcheck disable=SC2046 # one word per part folder
    exec "$agop" merge $(parts) --out "$work/explain" ;;
explain/*)
    [ -n "${EXPLAIN_ARGS:-}" ] || { echo "agop-shard.sh: set EXPLAIN_ARGS to the options of agop explain" >&2; exit 2; }
    # shellcheck disable=SC2086 # EXPLAIN_ARGS is a list of options
    exec "$agop" explain $EXPLAIN_ARGS --threads "$threads" --quiet --shard "$step/$shards" --force \
        --out "$work/explain-parts/part-$step" ;;
reproduce/merge)
    # The merge takes WHICH and the settings from the parts.
    # shellcheck disable=SC2046
    exec "$agop" reproduce --quiet --merge $(parts) --out "$work/reproduce" ;;
reproduce/*)
    # shellcheck disable=SC2086
    exec "$agop" reproduce all ${REPRODUCE_ARGS:-} --threads "$threads" --quiet --shard "$step/$shards" --force \
        --out "$work/reproduce-parts/part-$step" ;;
*) usage ;;
esac
