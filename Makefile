# The two commands: `make run` (portal on the embedded default) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install migrate demo es es-stop bench bench-pages lint search-relevance bench-search

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
	$(PY) -m pytest $(PYTEST_ARGS)

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

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Search: recall@10 / MRR on the judged query set (both backends when ELASTICSEARCH_URL is set).
search-relevance: install
	$(PY) benchmarks/search_relevance.py

# Search speed: database backend at 10k, publish with ES stopped, ES at 100k (see docs/search.md).
bench-search: install
	$(PY) benchmarks/search_speed.py $(BENCH_ARGS)
