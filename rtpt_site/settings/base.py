"""Base settings of the RTPT Resource Cloud: secure by default, read from the environment.

Environment variables (all optional here; ``production`` requires the marked ones):

- ``SECRET_KEY`` (required in production)
- ``ALLOWED_HOSTS`` comma-separated (required in production)
- ``DATABASE_URL`` e.g. ``postgres://user:pw@host:5432/db``; default: SQLite file ``db.sqlite3``
- ``REDIS_URL`` Redis for the cache and, unless ``CELERY_BROKER_URL`` is set, the Celery broker;
  unset: local-memory cache and tasks run in-process
- ``ELASTICSEARCH_URL`` unset: the embedded database search backend; several nodes of one
  cluster comma-separated (``http://es1:9200,http://es2:9200``)
- ``STATIC_ROOT``, ``MEDIA_ROOT``, ``FILE_UPLOAD_TEMP_DIR``, ``LOG_FILE``: every path a deployment
  places (defaults: ``static/`` and ``media/`` in the checkout, the system temp dir, no log file)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "resources",
    "credits",
    "training",
    "showcase",
    "workshops",
    "followup",
    "search",
    "api",
    "research",
    "diagnosis",
    "surveys",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # /healthz and /readyz, before the host check, the HTTPS redirect and sessions (rtpt_site.health).
    "rtpt_site.health.HealthCheckMiddleware",
    # First: answers an anonymous page-cache hit before anything else runs (home.page_cache);
    # keyed by the absolute URL, so an http:// request still meets the HTTPS redirect below.
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Wagtail's Site of the request from the cache (one query less on every page).
    "home.site_cache.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.middleware.OversizedIdMiddleware",
    "home.middleware.IncompleteFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After both of the above: needs the signed-in user and messages.
    "home.middleware.FirstLoginPasswordMiddleware",
    "resources.review.middleware.ScopedExplorerMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rtpt_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rtpt_site.context_processors.inbox",
            ],
        },
    },
]

WSGI_APPLICATION = "rtpt_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # WAL lets pages be read while a writer (an import, a worker) commits; a 64 MiB page
    # cache (SQLite's default is 2 MiB) keeps the indexes a bulk import writes in memory.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY"
    )
    # Connections are kept (DATABASE_CONN_MAX_AGE) here too: opening one and running the four
    # PRAGMAs took about 2 ms, half of an uncached work page's time in a gunicorn worker.
    # runserver closes each request thread's connection itself, so development keeps none.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions are read from the cache and written through to the database: a signed-in page
# costs no session query, and a lost cache (restart, outage) signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Sign-in throttling (django-axes) ----------------------------------------
# Every sign-in (portal, admin) goes through authenticate(); the axes backend refuses it after
# AXES_FAILURE_LIMIT wrong passwords for the same account from the same address, for
# AXES_COOLOFF_MINUTES, even with the right password. Locking on the pair (not the account
# alone) keeps a stranger from locking a teacher out of their own account. Behind a reverse
# proxy, set AXES_IPWARE_PROXY_COUNT so the client's address is read from X-Forwarded-For.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_HTTP_RESPONSE_CODE = 429
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_IPWARE_PROXY_COUNT"])

# --- Guessing verification codes (credits.exports) ----------------------------
# The public page that checks an export's code (/workshops/verify/) answers anyone. After
# VERIFY_FAILURE_LIMIT unknown codes from one address (the address as django-axes reads it)
# within VERIFY_COOLOFF_MINUTES, that address is refused with HTTP 429 until the time is up,
# even for a right code: 12 random characters cannot then be walked by trying.
VERIFY_FAILURE_LIMIT = int(os.environ.get("VERIFY_FAILURE_LIMIT", "10"))
VERIFY_COOLOFF_MINUTES = int(os.environ.get("VERIFY_COOLOFF_MINUTES", "15"))

# --- Certificates and credit records (credits.certificates, credits.records) ----
# The issuer printed on certificates and written into exported credit records (出具机构), and how
# long a rendered certificate PDF is kept in the cache: a reload of the same, still valid
# certificate is served from the cache instead of rendering the PDF again (CPU-heavy).
CERTIFICATE_ISSUER = os.environ.get("CERTIFICATE_ISSUER", "RTPT 教师研训资源云")
CERTIFICATE_CACHE_SECONDS = int(os.environ.get("CERTIFICATE_CACHE_SECONDS", str(24 * 3600)))

# --- The portal's front door (home.accounts) ----------------------------------
# Everyone signs in on the portal's own Chinese page, the admin's login included; after signing
# in a teacher lands in their own space, a trainer or editor on the review queue.
LOGIN_URL = "login"
WAGTAILADMIN_LOGIN_URL = "login"
PORTAL_LANDING = {"teacher": "/workshops/me/", "reviewer": "resources_review:queue"}
# Where an author follows a work (我的作品); messages about a work link here for its author.
PORTAL_WORK_URL = "/workshops/me/works/{id}/"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: the public site and Wagtail's admin are in Simplified Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The project's own catalogue (locale/zh_Hans) comes first: it translates what Wagtail and
# wagtailmedia ship in English (tests/test_chinese_admin.py lists the gaps after an upgrade).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Every school is on China's time: the admin's account page offers no list of world time zones.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Where `collectstatic` writes and the web server (or WhiteNoise) reads; outside the checkout in
# production (docs/deploy.md), so a new release does not start without its static files.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# `load_demo` draws lesson-length recordings with ffmpeg (home.lesson_video) and keeps them here,
# keyed by their content, so a second load (or a test run) does not encode them again.
DEMO_MEDIA_CACHE = Path(os.environ.get("DEMO_MEDIA_CACHE", BASE_DIR / ".cache" / "demo-media"))
# Serve image files (originals, renditions, poster frames) through Django, which serves each
# only to those who may see its image (home.media). On in `make run`; in production either
# set this or let the web server serve /media/images/ (faster; a draft's cover is then
# reachable by whoever guesses its file name).
SERVE_MEDIA_FROM_DISK = env_bool("SERVE_MEDIA_FROM_DISK", False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this size stream to a temporary file instead of memory, in FILE_UPLOAD_TEMP_DIR
# (default: the system's temp dir): videos of up to hundreds of MB land there first, so put it on
# a disk with room (docs/deploy.md).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# The size-limit handler comes first: past a training upload's limit (video, assignment
# files) it stops passing chunks on, so an oversized file is never buffered whole.
FILE_UPLOAD_HANDLERS = [
    "training.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Cache and Celery -------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(location: str, key_prefix: str) -> dict:
    """A Redis cache that never fails a request: django-redis with ``IGNORE_EXCEPTIONS``, so
    while Redis is down or restarting a read is a miss and a write is skipped (logged), and
    every cache user — page cache, search circuit breaker, throttles — works without the cache.
    Short socket timeouts bound what a hung Redis costs a request."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.5")),
            "SOCKET_TIMEOUT": float(os.environ.get("CACHE_TIMEOUT", "1")),
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "rtpt.cache"
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "rtpt"))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered pages cached for anonymous visitors (home.page_cache): only requests without a
# session, only page types listed here, never a restricted page; publishing clears it.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_PAGE_TYPES = [
    "home.HomePage",
    "resources.ResourceIndexPage",
    "showcase.ShowcaseIndexPage",
    "showcase.ShowcaseCasePage",
]

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# No broker: run tasks in-process, so the embedded default needs no server.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# --- Search (owned by the search app; see search/README) ----------------------
# ELASTICSEARCH_URL set: public search uses Elasticsearch, with the database index
# as the fallback while the node is unhealthy. Unset: the embedded database index.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "rtpt")
# Seconds: a search or index request gives up after this; publishing never waits longer.
SEARCH_ES_TIMEOUT = float(os.environ.get("SEARCH_ES_TIMEOUT", "2"))
# Seconds search and delivery skip Elasticsearch after it failed (circuit breaker).
SEARCH_ES_COOLDOWN = float(os.environ.get("SEARCH_ES_COOLDOWN", "30"))
SEARCH_ES_REPLICAS = int(os.environ.get("SEARCH_ES_REPLICAS", "0"))
# Seconds between drains of the search outbox in every worker (and, with tasks in-process, in
# every web process): pending rows are delivered whatever happened to their task (search.drain).
# 0 turns the drain off (tests).
SEARCH_OUTBOX_DRAIN_INTERVAL = float(os.environ.get("SEARCH_OUTBOX_DRAIN_INTERVAL", "10"))
# Seconds a new outbox row is left to its own task before the drain takes it too.
SEARCH_OUTBOX_GRACE = float(os.environ.get("SEARCH_OUTBOX_GRACE", "5"))
# /readyz (rtpt_site.health): seconds each service may take to answer, and the age in seconds of
# the oldest undelivered search outbox row past which search counts as degraded (every worker
# drains the outbox every SEARCH_OUTBOX_DRAIN_INTERVAL seconds: minutes mean no worker or a target down).
READYZ_TIMEOUT = float(os.environ.get("READYZ_TIMEOUT", "2"))
READYZ_OUTBOX_MAX_AGE = int(os.environ.get("READYZ_OUTBOX_MAX_AGE", "300"))
# Resource views (resources.view_counts): flushed to the database every this many seconds by
# Celery beat, and by a process whenever it has counted this many views since the last flush.
RESOURCE_VIEWS_FLUSH_SECONDS = float(os.environ.get("RESOURCE_VIEWS_FLUSH_SECONDS", "60"))
RESOURCE_VIEWS_FLUSH_EVERY = int(os.environ.get("RESOURCE_VIEWS_FLUSH_EVERY", "200"))
CELERY_BEAT_SCHEDULE = {
    "search-deliver-pending": {"task": "search.tasks.search_deliver_pending", "schedule": 30.0},
    # Peer review: allocate assignments past their deadline, replace lapsed reviewers.
    "training-assignments-advance": {"task": "training.assignments_advance", "schedule": 600.0},
    # Views of resources are counted in the cache and written in batches (resources.view_counts).
    "resource-views-flush": {"task": "resources.tasks.resource_views_flush", "schedule": RESOURCE_VIEWS_FLUSH_SECONDS},
    # Bulk imports through the API: a queued job whose message was lost is sent again (api.imports).
    "api-import-jobs-recover": {"task": "api.tasks.import_jobs_recover", "schedule": 60.0},
}

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "RTPT 资源云 <noreply@rtpt.local>")

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "RTPT 教师研训资源云"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No outside hosts in the admin: avatars fall back to Wagtail's own default image, not Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Review notifications are the portal's own (resources.review: inbox + Chinese email from a
# Celery task); Wagtail's built-in workflow emails to every superuser would duplicate them.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Wagtail's database backend; on SQLite with the query words quoted safely (home.search_backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backend"}}

# Documents are served through Django so that access rules apply to every download
# (resources.wagtail_hooks refuses attachments of unpublished works).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "txt", "zip", "odt", "odp", "wps"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Media uploads are checked by content and their duration measured with ffprobe
# (training.forms.CheckedMediaForm); the form never takes a duration from the user.
WAGTAILMEDIA = {"MEDIA_MODEL": "wagtailmedia.Media", "MEDIA_FORM_BASE": "training.forms.CheckedMediaForm"}

TAGGIT_CASE_INSENSITIVE = True

# --- Security defaults (tightened further in production) ----------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Wagtail opens its own preview iframe with a per-view SAMEORIGIN override.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs go to standard error (systemd's journal, a container's log); LOG_FILE adds a file, opened
# with WatchedFileHandler so logrotate can move it away (docs/deploy.md).
LOG_FILE = os.environ.get("LOG_FILE", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        **(
            {"file": {"class": "logging.handlers.WatchedFileHandler", "filename": LOG_FILE, "formatter": "plain"}}
            if LOG_FILE
            else {}
        ),
    },
    "root": {
        "handlers": ["console", "file"] if LOG_FILE else ["console"],
        "level": os.environ.get("LOG_LEVEL", "WARNING"),
    },
}

# --- The API (/api/v1/, docs/api.md) -------------------------------------------------------
# Requests per token, per signed-in browser session and per anonymous address ("N/second",
# "N/minute", "N/hour", "N/day"); counted in the cache named by API_THROTTLE_CACHE.
API_RATE_TOKEN = os.environ.get("API_RATE_TOKEN", "1000/hour")
API_RATE_USER = os.environ.get("API_RATE_USER", "1000/hour")
API_RATE_ANON = os.environ.get("API_RATE_ANON", "300/hour")
API_THROTTLE_CACHE = "default"
# Bulk import through the API (POST /api/v1/imports/, docs/api.md): the largest JSON Lines body
# accepted (bytes; 10,000 typical resources take about 22 MB), the line errors a job keeps (all
# are counted), seconds a queued job waits for its task before it is sent again, and seconds
# without progress after which a running job counts as interrupted (its worker stopped).
API_IMPORT_MAX_BYTES = int(os.environ.get("API_IMPORT_MAX_BYTES", str(48 * 1024 * 1024)))
API_IMPORT_MAX_ERRORS = int(os.environ.get("API_IMPORT_MAX_ERRORS", "1000"))
API_IMPORT_REQUEUE_SECONDS = int(os.environ.get("API_IMPORT_REQUEUE_SECONDS", "120"))
API_IMPORT_STALE_SECONDS = int(os.environ.get("API_IMPORT_STALE_SECONDS", "900"))
# Only what every REST framework view shares: the API's own views set their authentication,
# rate limits, pagination and errors themselves (api.rest), so Wagtail's admin API keeps its own.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": int(os.environ["API_NUM_PROXIES"]) if os.environ.get("API_NUM_PROXIES") else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RTPT 教师研训资源云 开放接口",
    "DESCRIPTION": (
        "公开数据（资源、搜索、课程、工作坊、同课异构案例、分类）任何人可读；本人记录与区域统计需要"
        '登录或带相应权限范围的个人访问令牌（在门户“访问令牌”页面创建）。错误一律返回 {"detail": 说明}。'
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "SERVE_AUTHENTICATION": ["rest_framework.authentication.SessionAuthentication"],
}
