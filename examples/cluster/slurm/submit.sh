#!/bin/sh
# Submits N shards of `agop explain` or `agop reproduce all` as one Slurm job array
# (--array=1-N, the shard index from SLURM_ARRAY_TASK_ID) and the merge as a job that starts
# only when every shard has succeeded (--dependency=afterok). Run it from the repository root
# (or set AGOP_CLUSTER_DIR to examples/cluster), with the settings of agop-shard.sh exported:
#
#   export AGOP=$PWD/build/agop AGOP_WORK=/shared/agop AGOP_THREADS=2 OPENBLAS_CORETYPE=Haswell
#   export EXPLAIN_ARGS="--checkpoint /shared/model.safetensors --csv /shared/rows.csv --method kernelshap --background /shared/background.npy"
#   examples/cluster/slurm/submit.sh explain 16
set -eu

[ $# -eq 2 ] || { echo "usage: submit.sh explain|reproduce N" >&2; exit 2; }
job=$1 shards=$2
script=$(dirname "$0")/agop-shards.sbatch
array=$(sbatch --parsable --job-name="agop-$job" --array="1-$shards" --export="ALL,SHARDS=$shards" "$script" "$job")
array=${array%%;*}  # --parsable prints "jobid" or "jobid;cluster"
merge=$(sbatch --parsable --job-name="agop-$job-merge" --dependency="afterok:$array" --export="ALL,SHARDS=$shards" \
    "$script" "$job" merge)
echo "submitted shards as job array $array and the merge as job ${merge%%;*}"
