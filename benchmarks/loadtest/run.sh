#!/usr/bin/env bash
# make loadtest: the production layout on one machine, then locust steps up the users.
#
#  1. its own Redis (port 6391) and Elasticsearch node (9321), its own PostgreSQL database
#     (rtpt_loadtest on the local server, dropped and created again) — never the shared ones
#  2. migrate, load_demo, collectstatic, search_rebuild (production settings, loadtest_settings.py)
#  3. gunicorn (rtpt_site.gunicorn_conf: 2 x cores + 1 sync workers), a Celery worker and beat
#  4. locust (benchmarks/loadtest/locustfile.py) for each step of LOADTEST_STEPS users, each for
#     LOADTEST_STEP_SECONDS; stops after the first step where the throughput stops keeping up
#     with the users (report.py: saturated)
#  5. prints the report (report.py, with gunicorn's CPU time per request from cpu.py) and writes it to $LOADTEST_DIR/report.md; stops what it started
#
# Knobs: LOADTEST_STEPS ("10 20 40 80 160 320 640"), LOADTEST_STEP_SECONDS (60), LOADTEST_DIR
# (/tmp/rtpt-loadtest), LOADTEST_WEB_PORT (8091), LOADTEST_REDIS_PORT (6391), LOADTEST_ES_PORT
# (9321), LOADTEST_PG (postgres://rtpt:rtpt@127.0.0.1:5432), LOADTEST_DB (rtpt_loadtest),
# LOADTEST_KEEP_DB=1 (reuse the database of the last run: skips load_demo's minutes),
# WEB_CONCURRENCY / GUNICORN_THREADS (gunicorn), LOADTEST_CELERY_CONCURRENCY (2), PY.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
PY="${PY:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PY")"
RUN="${LOADTEST_DIR:-/tmp/rtpt-loadtest}"
WEB_PORT="${LOADTEST_WEB_PORT:-8091}"
REDIS_PORT="${LOADTEST_REDIS_PORT:-6391}"
ES_PORT="${LOADTEST_ES_PORT:-9321}"
PG="${LOADTEST_PG:-postgres://rtpt:rtpt@127.0.0.1:5432}"
DB="${LOADTEST_DB:-rtpt_loadtest}"
STEPS="${LOADTEST_STEPS:-10 20 40 80 160 320 640}"
STEP_SECONDS="${LOADTEST_STEP_SECONDS:-60}"
log() { echo "[loadtest] $*" >&2; }

mkdir -p "$RUN/static" "$RUN/media" "$RUN/logs"
export PYTHONPATH="$ROOT/benchmarks/loadtest:$ROOT"
export DJANGO_SETTINGS_MODULE=loadtest_settings
export SECRET_KEY="loadtest-only-$(date +%s)"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="$PG/$DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
export SEARCH_INDEX_PREFIX=rtpt-loadtest
export STATIC_ROOT="$RUN/static" MEDIA_ROOT="$RUN/media" SERVE_MEDIA_FROM_DISK=1
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_FILE="$RUN/logs/django.log"
export GUNICORN_BIND="127.0.0.1:$WEB_PORT" GUNICORN_ACCESS_LOG="$RUN/logs/access.log"
export GUNICORN_ERROR_LOG="$RUN/logs/gunicorn.log"

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    done
    ES_PORT="$ES_PORT" ES_RUN_DIR="$RUN/es" bash services/elasticsearch/stop.sh || true
    REDIS_PORT="$REDIS_PORT" REDIS_RUN_DIR="$RUN/redis" bash services/redis/stop.sh || true
}
trap cleanup EXIT

log "services: Redis :$REDIS_PORT, Elasticsearch :$ES_PORT, PostgreSQL database $DB"
REDIS_PORT="$REDIS_PORT" REDIS_RUN_DIR="$RUN/redis" bash services/redis/start.sh >/dev/null
ES_PORT="$ES_PORT" ES_RUN_DIR="$RUN/es" ES_JAVA_OPTS="-Xms512m -Xmx512m" bash services/elasticsearch/start.sh >/dev/null

if [ "${LOADTEST_KEEP_DB:-0}" != 1 ]; then
    "$PY" - "$PG" "$DB" <<'EOF'
import sys
import psycopg
base, name = sys.argv[1], sys.argv[2]
with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
EOF
    t0=$SECONDS
    # Set-up runs its tasks in-process; the index is rebuilt afterwards in one go.
    CELERY_TASK_ALWAYS_EAGER=1 "$PY" manage.py migrate --no-input -v 0
    CELERY_TASK_ALWAYS_EAGER=1 "$PY" manage.py load_demo >"$RUN/logs/load_demo.log"
    log "migrate + load_demo: $((SECONDS - t0))s"
fi
"$PY" manage.py collectstatic --no-input -v 0
CELERY_TASK_ALWAYS_EAGER=1 "$PY" manage.py search_rebuild >"$RUN/logs/search_rebuild.log" 2>&1
"$PY" benchmarks/loadtest/targets.py "$RUN/targets.json"
redis-cli -p "$REDIS_PORT" flushall >/dev/null

"$BIN/gunicorn" -c python:rtpt_site.gunicorn_conf rtpt_site.wsgi &
PIDS+=($!)
"$BIN/celery" -A rtpt_site worker -c "${LOADTEST_CELERY_CONCURRENCY:-2}" --loglevel=WARNING \
    --logfile "$RUN/logs/celery-worker.log" &
PIDS+=($!)
"$BIN/celery" -A rtpt_site beat --loglevel=WARNING --schedule "$RUN/celerybeat-schedule" \
    --logfile "$RUN/logs/celery-beat.log" &
PIDS+=($!)
for _ in $(seq 120); do
    if curl -sf "http://127.0.0.1:$WEB_PORT/readyz" >"$RUN/readyz.json" 2>/dev/null; then break; fi
    sleep 1
done
curl -sf "http://127.0.0.1:$WEB_PORT/readyz" >"$RUN/readyz.json" || { log "/readyz never answered 200"; cat "$RUN/readyz.json" >&2; exit 1; }
log "ready: $(cat "$RUN/readyz.json")"

locust_run() {  # USERS SECONDS CSV_PREFIX LOG
    # Users arrive over the first fifth of a step (sign-ins spread out, as on a school morning).
    LOADTEST_TARGETS="$RUN/targets.json" "$BIN/locust" -f benchmarks/loadtest/locustfile.py --headless \
        --host "http://127.0.0.1:$WEB_PORT" -u "$1" -r "$(($1 >= 10 ? $1 / 5 : 2))" --run-time "${2}s" \
        --stop-timeout 10 --csv "$3" --only-summary >"$4" 2>&1 || true
}
log "warm-up: 5 users for ${LOADTEST_WARMUP_SECONDS:-30}s (workers load templates and jieba, caches fill)"
locust_run 5 "${LOADTEST_WARMUP_SECONDS:-30}" "$RUN/warmup" "$RUN/logs/locust-warmup.log"

done_steps=()
for users in $STEPS; do
    log "step: $users users for ${STEP_SECONDS}s (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    # CPU seconds of gunicorn's and the Celery worker's process trees before and after the step.
    before="$("$PY" benchmarks/loadtest/cpu.py "${PIDS[0]}" "${PIDS[1]}")"
    locust_run "$users" "$STEP_SECONDS" "$RUN/step-$users" "$RUN/logs/locust-$users.log"
    echo "$before $("$PY" benchmarks/loadtest/cpu.py "${PIDS[0]}" "${PIDS[1]}") $(cut -d' ' -f1 /proc/loadavg)" \
        >"$RUN/step-${users}_cpu.txt"
    done_steps+=("$users")
    set +e
    "$PY" benchmarks/loadtest/report.py "$RUN" "${done_steps[@]}" >"$RUN/report.md"
    saturated=$?
    set -e
    if [ "$saturated" = 3 ]; then
        log "throughput stopped growing at $users users: saturated, no further steps"
        break
    fi
done
log "outbox after the run: $(curl -s "http://127.0.0.1:$WEB_PORT/readyz")"
echo
cat "$RUN/report.md"
echo
log "report: $RUN/report.md; logs: $RUN/logs/"
