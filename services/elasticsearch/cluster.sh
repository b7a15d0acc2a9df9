#!/usr/bin/env bash
# Several local Elasticsearch nodes as ONE cluster (called by start.sh / stop.sh when ES_NODES > 1).
#
#   ES_NODES=3 ES_PORT=9301 services/elasticsearch/start.sh
#     -> ELASTICSEARCH_URL=http://127.0.0.1:9301,http://127.0.0.1:9302,http://127.0.0.1:9303
#   ES_NODES=3 ES_PORT=9301 ES_NODE=2 services/elasticsearch/stop.sh    # stop node 2 only
#   ES_NODES=3 ES_PORT=9301 ES_NODE=2 services/elasticsearch/start.sh   # and bring it back
#   ES_NODES=3 ES_PORT=9301 services/elasticsearch/stop.sh              # stop them all
#
# Node i (1..ES_NODES) answers HTTP on ES_PORT+i-1 and transport on ES_TRANSPORT_PORT+i-1
# (default ES_PORT+100+i-1), keeps its data in $ES_RUN_DIR/node-i, and is called rtpt-es-i.
# Every node is master-eligible and holds data: with three nodes the cluster keeps a majority
# and every shard (given one replica, SEARCH_ES_REPLICAS=1) when any one node stops.
# ES_CLUSTER_NAME (default rtpt-cluster-<ES_PORT>) keeps two local clusters apart.
# ES_JAVA_OPTS defaults to "-Xms512m -Xmx512m" per node.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ACTION="${1:?usage: cluster.sh start|stop}"

NODES="${ES_NODES:?ES_NODES}"
BASE_PORT="${ES_PORT:-9200}"
BASE_TRANSPORT="${ES_TRANSPORT_PORT:-$((BASE_PORT + 100))}"
RUN_DIR="${ES_RUN_DIR:-$HERE/run}"
CLUSTER_NAME="${ES_CLUSTER_NAME:-rtpt-cluster-$BASE_PORT}"
START_TIMEOUT="${ES_START_TIMEOUT:-180}"
ONLY="${ES_NODE:-}"
export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}"

log() { echo "[elasticsearch cluster] $*" >&2; }

if [ -n "$ONLY" ] && { [ "$ONLY" -lt 1 ] || [ "$ONLY" -gt "$NODES" ]; }; then
    log "ES_NODE=$ONLY is not a node of this cluster (1..$NODES)"
    exit 64
fi

seeds=() masters=() urls=()
for ((i = 1; i <= NODES; i++)); do
    seeds+=("127.0.0.1:$((BASE_TRANSPORT + i - 1))")
    masters+=("rtpt-es-$i")
    urls+=("http://127.0.0.1:$((BASE_PORT + i - 1))")
done
join() { local IFS=,; echo "$*"; }

# Runs start.sh/stop.sh ($1) for node $2 with that node's ports, directory and settings.
node() {
    local script="$1" i="$2" wait="${3:-1}"
    ES_CLUSTER_CHILD=1 ES_WAIT="$wait" \
        ES_PORT="$((BASE_PORT + i - 1))" ES_TRANSPORT_PORT="$((BASE_TRANSPORT + i - 1))" \
        ES_RUN_DIR="$RUN_DIR/node-$i" \
        ES_SETTINGS="node.name=rtpt-es-$i cluster.name=$CLUSTER_NAME discovery.type=multi-node \
discovery.seed_hosts=$(join "${seeds[@]}") cluster.initial_master_nodes=$(join "${masters[@]}") ${ES_SETTINGS:-}" \
        bash "$HERE/$script" >/dev/null
}

case "$ACTION" in
stop)
    if [ -n "$ONLY" ]; then
        node stop.sh "$ONLY"
    else
        for ((i = NODES; i >= 1; i--)); do node stop.sh "$i"; done
    fi
    ;;
start)
    if [ -n "$ONLY" ]; then
        # One node (re)joins the running cluster: start.sh waits until it answers health.
        node start.sh "$ONLY" 1
    else
        t0=$SECONDS
        # One after the other: the first start builds the jar if needed.
        for ((i = 1; i <= NODES; i++)); do node start.sh "$i" 0; done
        log "waiting for $NODES nodes to form cluster $CLUSTER_NAME ..."
        deadline=$((SECONDS + START_TIMEOUT))
        while :; do
            body="$(curl -s --max-time 5 \
                "${urls[0]}/_cluster/health?wait_for_nodes=$NODES&wait_for_status=yellow&timeout=2s" || true)"
            if [[ "$body" == *'"timed_out":false'* ]]; then break; fi
            for ((i = 1; i <= NODES; i++)); do
                pid="$(cat "$RUN_DIR/node-$i/elasticsearch.pid" 2>/dev/null || true)"
                if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
                    log "node $i died during start-up; last lines of $RUN_DIR/node-$i/logs/elasticsearch.log:"
                    tail -n 40 "$RUN_DIR/node-$i/logs/elasticsearch.log" >&2 || true
                    exit 1
                fi
            done
            if [ "$SECONDS" -ge "$deadline" ]; then
                log "no cluster of $NODES nodes after ${START_TIMEOUT}s: ${body:-no answer}"
                exit 1
            fi
            sleep 1
        done
        log "up after $((SECONDS - t0))s: $NODES nodes"
    fi
    echo "ELASTICSEARCH_URL=$(join "${urls[@]}")"
    ;;
*)
    log "unknown action $ACTION (start|stop)"
    exit 64
    ;;
esac
