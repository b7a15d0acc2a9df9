# The two commands: `make run` (portal on the embedded default) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): 0 (the default, and CI) runs the suite in one process; `auto` is one
# per core, faster but not yet reliable (README "Tests"). Tests marked `serial` (they stop or restart
# a shared service) run afterwards in a second pytest, in one process, with nothing beside them;
# every test runs exactly once.
# Exit status 5 of a pass is "nothing selected" (e.g. PYTEST_ARGS names no serial test); the target
# fails only if a pass fails or neither selected a test. See README "Tests".
TEST_WORKERS ?= 0
TEST_DIST ?= worksteal

.PHONY: run test install migrate demo es es-stop es-cluster-test bench bench-pages lint search-relevance bench-search bench-suggest bench-import-pg bench-api-import chaos loadtest bench-recommend

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "门户地址： http://$(HOST):$(PORT)/   管理后台： http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	parallel=0; serial=0; \
	$(PY) -m pytest -n $(TEST_WORKERS) --dist $(TEST_DIST) -m "not serial" $(PYTEST_ARGS) || parallel=$$?; \
	$(PY) -m pytest -n 0 -m serial $(PYTEST_ARGS) || serial=$$?; \
	if [ $$parallel -eq 5 ] && [ $$serial -eq 5 ]; then echo "make test: no test selected" >&2; exit 5; fi; \
	for rc in $$parallel $$serial; do if [ $$rc -ne 0 ] && [ $$rc -ne 5 ]; then exit $$rc; fi; done

es:
	bash services/elasticsearch/start.sh

es-stop:
	bash services/elasticsearch/stop.sh

bench: install
	$(PY) benchmarks/listing.py
	$(PY) benchmarks/import_speed.py
	$(PY) benchmarks/pages.py $(BENCH_ARGS)

# Pages under load (gunicorn + wrk) against a naive Wagtail site built in the same run.
bench-pages: install
	$(PY) benchmarks/pages.py $(BENCH_ARGS)

# Import end to end on PostgreSQL + Elasticsearch (BENCH_DATABASE_URL: a throw-away database).
bench-import-pg: install
	$(PY) benchmarks/import_speed.py --end-to-end $(BENCH_ARGS)

# Bulk import through the API: 10,000 lines POSTed, a real Celery worker, the status polled
# (BENCH_DATABASE_URL: a throw-away PostgreSQL database; REDIS_URL: the broker).
bench-api-import: install
	$(PY) benchmarks/api_import.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Search: recall@10 / MRR on the judged query set (both backends when ELASTICSEARCH_URL is set).
search-relevance: install
	$(PY) benchmarks/search_relevance.py

# Search speed: database backend at 10k, publish with ES stopped, ES at 100k (see docs/search.md).
bench-search: install
	$(PY) benchmarks/search_speed.py $(BENCH_ARGS)

# Suggestions while typing: p95 of GET /api/search/suggest/ at 100k works (SQLite; set
# DATABASE_URL to a throw-away PostgreSQL database for PostgreSQL; see docs/search.md).
bench-suggest: install
	$(PY) benchmarks/suggest_speed.py $(BENCH_ARGS)

# Recommendations (精准推送): hit rate@10 / recall / NDCG on held-out generated interactions,
# research.ranking vs the newest-of-subject list (pure Python, about a minute; research/README.md).
bench-recommend: install
	$(PY) benchmarks/recommend.py $(BENCH_ARGS)

# Faults: publish while the worker is killed, Redis restarted and Elasticsearch stopped and
# frozen; reports lost / stale / unpublished-searchable documents and 5xx (see docs/search.md).
# Starts its own Redis (REDIS_PORT=6390), Elasticsearch (ES_PORT=9290), database and worker.
chaos: install
	$(PY) benchmarks/chaos.py $(CHAOS_ARGS)

# Three Elasticsearch nodes of one cluster on 9311-9313; stops each in turn (minutes, not in CI).
es-cluster-test: install
	ES_CLUSTER_TEST=1 $(PY) -m pytest tests/search/test_es_cluster.py $(PYTEST_ARGS)

# gunicorn + Celery + PostgreSQL + own Redis/Elasticsearch, locust steps up the users (docs/deploy.md).
loadtest: install
	$(VENV)/bin/pip install --quiet -r requirements-load.txt
	PY=$(abspath $(PY)) bash benchmarks/loadtest/run.sh
