#!/usr/bin/env bash
# Start a local Redis (Debian package `redis-server`) on 127.0.0.1:$REDIS_PORT
# (default 6379) as a background daemon, without persistence. Idempotent: if a
# Redis already answers PING on that port it is reused.
# State (pid, log) lives in $REDIS_RUN_DIR (default /tmp/rtpt-redis-$REDIS_PORT),
# shared by every checkout on this machine.
# stdout: only REDIS_URL=...; messages go to stderr.
set -euo pipefail
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DB="${REDIS_DB:-0}"
REDIS_RUN_DIR="${REDIS_RUN_DIR:-/tmp/rtpt-redis-$REDIS_PORT}"
log() { echo "[redis] $*" >&2; }

command -v redis-server >/dev/null || { log "redis-server not installed (apt-get install redis-server)"; exit 1; }

if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; then
    log "already running on port $REDIS_PORT"
else
    mkdir -p "$REDIS_RUN_DIR"
    log "starting on 127.0.0.1:$REDIS_PORT (log $REDIS_RUN_DIR/redis.log)"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --daemonize yes --pidfile "$REDIS_RUN_DIR/redis.pid" \
        --logfile "$REDIS_RUN_DIR/redis.log" --dir "$REDIS_RUN_DIR" \
        --save "" --appendonly no >&2
    for _ in $(seq 100); do
        [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ] && break
        sleep 0.1
    done
    if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" != PONG ]; then
        log "did not answer PING; last lines of $REDIS_RUN_DIR/redis.log:"
        tail -n 20 "$REDIS_RUN_DIR/redis.log" >&2 || true
        exit 1
    fi
fi
echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$REDIS_DB"
