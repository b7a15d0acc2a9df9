#!/usr/bin/env bash
# Stop the local PostgreSQL cluster started by start.sh (idempotent; data is kept).
set -euo pipefail
PG_CLUSTER="${PG_CLUSTER:-main}"
if [ -z "${PG_VERSION:-}" ]; then
    PG_VERSION="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
fi
log() { echo "[postgres] $*" >&2; }
if [ -z "$PG_VERSION" ] || ! command -v pg_ctlcluster >/dev/null; then
    log "PostgreSQL is not installed: nothing to stop"
    exit 0
fi
if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast >&2
    log "stopped cluster $PG_VERSION/$PG_CLUSTER"
else
    log "not running"
fi
