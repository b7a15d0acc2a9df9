#!/usr/bin/env bash
# Start ONE local Elasticsearch 8.14 node (single-node cluster, plain HTTP, no
# security) in the background and wait until it is usable.
#
#   services/elasticsearch/start.sh      -> prints ELASTICSEARCH_URL=http://127.0.0.1:9200
#
# Idempotent: if the node of this checkout already runs it is reused. Data lives in
# $ES_RUN_DIR/data (default services/elasticsearch/run/data) and survives stop/start;
# `rm -rf services/elasticsearch/run` gives a clean node.
#
# Environment:
#   ES_PORT            HTTP port (default 9200); transport uses ES_TRANSPORT_PORT (default ES_PORT+100)
#   ES_RUN_DIR         config/data/logs/pid dir (default services/elasticsearch/run)
#   ES_JAVA_OPTS       JVM options (default "-Xms512m -Xmx1g")
#   ES_SETTINGS        extra Elasticsearch settings, space separated key=value
#   ES_START_TIMEOUT   seconds to wait for health yellow/green (default 180)
#   ES_NODES           number of nodes; above 1, cluster.sh starts that many nodes as ONE cluster
#                      on consecutive ports (ES_PORT, ES_PORT+1, ...) and prints all their URLs
#   ES_NODE            with ES_NODES > 1: start only node N of that cluster (e.g. after stopping it)
#
# The node is an unmodified Elasticsearch server jar from Maven Central, started
# in-process by src/main/java/local/rtpt/es/Main.java (see README.md for why).
# stdout: only KEY=value lines; messages go to stderr.
set -euo pipefail
# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

if [ "${ES_NODES:-1}" -gt 1 ] && [ -z "${ES_CLUSTER_CHILD:-}" ]; then
    exec bash "$ES_HOME_DIR/cluster.sh" start
fi
# ES_WAIT=0 (set by cluster.sh): do not wait for health, the cluster forms once enough nodes run.
ES_WAIT="${ES_WAIT:-1}"
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
JAR="$ES_HOME_DIR/target/es-node-1.0.0.jar"

wait_healthy() {
    local pid="$1" deadline=$((SECONDS + ES_START_TIMEOUT)) status
    while :; do
        status="$(curl -s --max-time 5 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null \
            | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' || true)"
        if [ "$status" = green ] || [ "$status" = yellow ]; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            es_log "the node (pid $pid) died during start-up; last lines of $ES_LOG_FILE:"
            tail -n 40 "$ES_LOG_FILE" >&2 || true
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            es_log "not healthy after ${ES_START_TIMEOUT}s (status '${status:-no answer}'); last lines of $ES_LOG_FILE:"
            tail -n 40 "$ES_LOG_FILE" >&2 || true
            return 1
        fi
        sleep 1
    done
}

t0=$SECONDS

if pid="$(es_pid_from_file)"; then
    if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- " http.port=$ES_PORT "; then
        es_log "the node of this checkout (pid $pid) runs on another port than ES_PORT=$ES_PORT; run stop.sh first"
        exit 1
    fi
    es_log "already running (pid $pid)"
    if [ "$ES_WAIT" = 1 ]; then wait_healthy "$pid"; fi
    echo "ELASTICSEARCH_URL=$ES_URL"
    exit 0
fi

if other="$(es_pid_on_port)"; then
    es_log "port $ES_PORT is served by another rtpt Elasticsearch node (pid $other, cwd $(readlink "/proc/$other/cwd" || echo '?'));"
    es_log "stop it first (kill $other, or that checkout's services/elasticsearch/stop.sh) or use another ES_PORT"
    exit 1
fi
for port in "$ES_PORT" "$ES_TRANSPORT_PORT"; do
    if port_in_use "$port"; then
        es_log "port $port on 127.0.0.1 is already in use by another program; choose another ES_PORT"
        exit 1
    fi
done

command -v java >/dev/null || { es_log "java not found (apt-get install openjdk-17-jre-headless)"; exit 1; }

# Build (fetch the Elasticsearch jars from Maven Central + compile the launcher)
# when target/ is missing or older than the sources.
if [ ! -f "$JAR" ] || [ ! -d "$ES_HOME_DIR/target/lib" ] \
    || [ -n "$(find "$ES_HOME_DIR/pom.xml" "$ES_HOME_DIR/src" -newer "$JAR" -print -quit)" ]; then
    command -v mvn >/dev/null || { es_log "mvn not found (apt-get install maven)"; exit 1; }
    es_log "building with Maven (first time downloads ~55 MB from Maven Central) ..."
    rm -rf "$ES_HOME_DIR/target/lib"
    if ! mvn -B -q -f "$ES_HOME_DIR/pom.xml" package >"$ES_HOME_DIR/target.build.log" 2>&1; then
        cat "$ES_HOME_DIR/target.build.log" >&2
        es_log "Maven build failed"
        exit 1
    fi
    rm -f "$ES_HOME_DIR/target.build.log"
fi

mkdir -p "$ES_RUN_DIR/config" "$ES_RUN_DIR/data" "$ES_RUN_DIR/logs" "$ES_RUN_DIR/tmp" \
    "$ES_RUN_DIR/modules" "$ES_RUN_DIR/plugins"
cp "$ES_HOME_DIR/config/log4j2.properties" "$ES_RUN_DIR/config/log4j2.properties"
rm -f "$ES_PID_FILE"

# JVM flags as in Elasticsearch's own jvm.options, minus what only applies to the
# bundled JDK. Heap is small on purpose (2-core / CI machine).
read -r -a JAVA_OPTS_ARR <<<"$ES_JAVA_OPTS"
JAVA_CMD=(java "${JAVA_OPTS_ARR[@]}"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
    -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Djava.io.tmpdir="$ES_RUN_DIR/tmp"
    -Djna.nosys=true -Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0
    -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true
    -Dlog4j2.shutdownHookEnabled=false
    -cp "$JAR:$ES_HOME_DIR/target/lib/*"
    "$ES_MAIN_CLASS" "$ES_RUN_DIR"
    "http.port=$ES_PORT" "transport.port=$ES_TRANSPORT_PORT")
if [ -n "${ES_SETTINGS:-}" ]; then
    read -r -a ES_SETTINGS_ARR <<<"$ES_SETTINGS"
    JAVA_CMD+=("${ES_SETTINGS_ARR[@]}")
fi

echo "---- $(date -Is) start: ${JAVA_CMD[*]}" >>"$ES_LOG_FILE"
# setsid: own session, so a Ctrl-C / SIGHUP aimed at the caller does not reach the node.
( cd "$ES_RUN_DIR" && exec setsid "${JAVA_CMD[@]}" </dev/null >>"$ES_LOG_FILE" 2>&1 ) &
pid=$!
echo "$pid" >"$ES_PID_FILE"
if [ "$ES_WAIT" != 1 ]; then
    es_log "started pid $pid, log $ES_LOG_FILE"
    exit 0
fi
es_log "started pid $pid, log $ES_LOG_FILE; waiting for cluster health ..."
if ! wait_healthy "$pid"; then
    kill "$pid" 2>/dev/null || true
    rm -f "$ES_PID_FILE"
    exit 1
fi
es_log "up after $((SECONDS - t0))s: $(curl -s "$ES_URL/" | sed -n 's/.*"number":"\([^"]*\)".*/version \1/p')"
echo "ELASTICSEARCH_URL=$ES_URL"
