#!/usr/bin/env bash
# Stop the Redis listening on 127.0.0.1:$REDIS_PORT (default 6379). Idempotent.
set -euo pipefail
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_RUN_DIR="${REDIS_RUN_DIR:-/tmp/rtpt-redis-$REDIS_PORT}"
log() { echo "[redis] $*" >&2; }
if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" != PONG ]; then
    log "not running"
    rm -f "$REDIS_RUN_DIR/redis.pid"
    exit 0
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
for _ in $(seq 100); do
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ] || break
    sleep 0.1
done
if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; then
    log "still running after SHUTDOWN"
    exit 1
fi
rm -f "$REDIS_RUN_DIR/redis.pid"
log "stopped"
