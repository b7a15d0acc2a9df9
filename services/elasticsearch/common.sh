# shellcheck shell=bash disable=SC2034
# Shared by start.sh / stop.sh (sourced, not executed).
ES_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES_RUN_DIR="${ES_RUN_DIR:-$ES_HOME_DIR/run}"
ES_PID_FILE="$ES_RUN_DIR/elasticsearch.pid"
ES_LOG_FILE="$ES_RUN_DIR/logs/elasticsearch.log"
ES_URL="http://127.0.0.1:$ES_PORT"
ES_MAIN_CLASS="local.rtpt.es.Main"

es_log() { echo "[elasticsearch] $*" >&2; }

# True if PID is alive and is one of our Elasticsearch JVMs.
es_is_our_jvm() {
    local pid="$1"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$ES_MAIN_CLASS"
}

# PID from our pid file, if that process is still our node.
es_pid_from_file() {
    local pid
    [ -f "$ES_PID_FILE" ] || return 1
    pid="$(cat "$ES_PID_FILE" 2>/dev/null || true)"
    es_is_our_jvm "$pid" || return 1
    echo "$pid"
}

# PID of any rtpt Elasticsearch JVM (from any checkout) serving HTTP on $ES_PORT.
es_pid_on_port() {
    local p cmd
    for p in /proc/[0-9]*; do
        cmd="$(tr '\0' ' ' 2>/dev/null <"$p/cmdline" || true)"
        case "$cmd" in
            *"$ES_MAIN_CLASS "*" http.port=$ES_PORT "*) echo "${p#/proc/}"; return 0 ;;
        esac
    done
    return 1
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
