#!/usr/bin/env bash
# Stop the local Elasticsearch node started by start.sh (idempotent).
# SIGTERM -> the node closes cleanly (flushes indices); SIGKILL after ES_STOP_TIMEOUT
# seconds (default 60). Also stops an rtpt node of another checkout if it serves
# this ES_PORT (so CI in a fresh clone can take the port over). Data is kept.
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# ES_NODES > 1: stop every node of the cluster started with the same ES_NODES/ES_PORT (or only
# node ES_NODE).
if [ "${ES_NODES:-1}" -gt 1 ] && [ -z "${ES_CLUSTER_CHILD:-}" ]; then
    exec bash "$ES_HOME_DIR/cluster.sh" stop
fi
ES_STOP_TIMEOUT="${ES_STOP_TIMEOUT:-60}"

pids=()
if pid="$(es_pid_from_file)"; then pids+=("$pid"); fi
if pid="$(es_pid_on_port)" && [[ " ${pids[*]-} " != *" $pid "* ]]; then pids+=("$pid"); fi

if [ "${#pids[@]}" -eq 0 ]; then
    es_log "not running"
    rm -f "$ES_PID_FILE"
    exit 0
fi

for pid in "${pids[@]}"; do
    es_log "stopping pid $pid ..."
    kill -TERM "$pid" 2>/dev/null || true
done
deadline=$((SECONDS + ES_STOP_TIMEOUT))
for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            es_log "pid $pid still alive after ${ES_STOP_TIMEOUT}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        sleep 0.5
    done
done
rm -f "$ES_PID_FILE"
es_log "stopped"
