#!/usr/bin/env bash
# Start the local PostgreSQL (Debian package `postgresql`) on 127.0.0.1 and make
# sure role rtpt/rtpt (LOGIN CREATEDB, so Django can create test_rtpt) and
# database rtpt exist. Idempotent. Must run as root (or as postgres).
#
# Uses the Debian cluster $PG_VERSION/$PG_CLUSTER (default: newest installed
# version, cluster "main", created with pg_createcluster if missing) through
# pg_ctlcluster, so the server runs as the `postgres` user.
#
# stdout: only DATABASE_URL=...; messages go to stderr.
set -euo pipefail

PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
DB_USER="${DB_USER:-rtpt}"
DB_PASSWORD="${DB_PASSWORD:-rtpt}"
DB_NAME="${DB_NAME:-rtpt}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"

log() { echo "[postgres] $*" >&2; }

if [ -z "${PG_VERSION:-}" ]; then
    PG_VERSION="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$PG_VERSION" ] || ! command -v pg_ctlcluster >/dev/null; then
    log "PostgreSQL is not installed (apt-get install postgresql)"
    exit 1
fi

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# Debian creates /var/run/postgresql at boot (tmpfiles.d); without systemd it may be missing.
install -d -o postgres -g postgres -m 2775 /var/run/postgresql

if ! pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$PG_VERSION/$PG_CLUSTER"; then
    log "creating cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >&2
fi
port="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $3}')"
if [ "$port" != "$PG_PORT" ]; then
    log "cluster $PG_VERSION/$PG_CLUSTER is configured for port $port, not $PG_PORT: using $port"
fi

if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    log "cluster $PG_VERSION/$PG_CLUSTER already running on port $port"
else
    log "starting cluster $PG_VERSION/$PG_CLUSTER on port $port"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
fi

deadline=$((SECONDS + PG_START_TIMEOUT))
until pg_isready -q -h 127.0.0.1 -p "$port"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "not accepting connections on 127.0.0.1:$port after ${PG_START_TIMEOUT}s"
        tail -n 30 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" >&2 || true
        exit 1
    fi
    sleep 0.5
done

as_postgres psql -X -q -p "$port" -d postgres -v ON_ERROR_STOP=1 \
    -v user="$DB_USER" -v password="$DB_PASSWORD" -v db="$DB_NAME" <<'SQL' >&2
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

echo "DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME"
