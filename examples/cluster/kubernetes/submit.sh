#!/bin/sh
# Runs the sharded job on Kubernetes: the scripts as a ConfigMap, the shared volume, the
# Indexed Job of the shards, and (once every shard has completed) the merge Job.
#
#   examples/cluster/kubernetes/submit.sh explain      (or reproduce)
#
# Edit SHARDS, completions and parallelism (the same number), EXPLAIN_ARGS or REPRODUCE_ARGS and
# the image in <job>-shards.yaml and <job>-merge.yaml first.
set -eu

[ $# -eq 1 ] || { echo "usage: submit.sh explain|reproduce" >&2; exit 2; }
job=$1
here=$(dirname "$0")
kubectl create configmap agop-cluster-scripts --from-file="$here/../agop-shard.sh" --dry-run=client -o yaml |
    kubectl apply -f -
kubectl apply -f "$here/shared-volume.yaml"
kubectl apply -f "$here/$job-shards.yaml"
kubectl wait --for=condition=complete --timeout=24h "job/agop-$job-shards"
kubectl apply -f "$here/$job-merge.yaml"
kubectl wait --for=condition=complete --timeout=24h "job/agop-$job-merge"
