"""Django settings for aigov, read from the environment.

Every setting an operator may change is documented in README.md ("Configuration"); a test fails
when one read here is missing there.
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("AIGOV_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Return SECRET_KEY, or a key generated once and kept in var/ for the embedded default."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "django_htmx",
    "csp",
    "ninja",
    "aigov.core",
    "aigov.accounts",
    "aigov.taxonomy",
    "aigov.landscape",
    "aigov.standards",
    "aigov.panel",
    "aigov.capacity",
    "aigov.dialogue",
    "aigov.fund",
    "aigov.compute",
    "aigov.data",
]

MIDDLEWARE = [
    # First: a stored anonymous page already holds what the others add (aigov/core/pagecache.py).
    "aigov.core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aigov.accounts.middleware.SessionLifetimeMiddleware",
    "aigov.core.limits.RequestLimitsMiddleware",
    "aigov.core.middleware.NulGuardMiddleware",
    "aigov.accounts.middleware.BearerTokenMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "aigov.accounts.middleware.RequireTwoFactorMiddleware",
    "aigov.core.middleware.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "aigov.core.middleware.AuditlogClientMiddleware",
]

ROOT_URLCONF = "aigov.urls"
WSGI_APPLICATION = "aigov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "aigov" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aigov.core.context_processors.shell",
            ],
        },
    },
]

# --- Database: SQLite file by default, anything dj-database-url reads through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'aigov.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a writer commits; busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and queue: Redis in production, in-process without REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Short timeouts: a Redis that is down or does not answer must not hold a request up; the
    # cache then answers from a local counter (aigov.core.cache).
    CACHES = {
        "default": {
            "BACKEND": "aigov.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        # Anonymous pages (aigov.core.pagecache), shared by every worker.
        "pages": {
            "BACKEND": "aigov.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = _env_bool("CELERY_TASK_ALWAYS_EAGER", False)
else:
    # Rate-limit counters must be shared by every worker process: a table in the database
    # (created by the core migration 0004) rather than each process's own memory.
    CACHES = {
        "default": {
            "BACKEND": "aigov.core.cache.CounterDatabaseCache",
            "LOCATION": "aigov_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        # Anonymous pages (aigov.core.pagecache): each process keeps its own, in memory.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "aigov-pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("AIGOV_PAGE_CACHE_ENTRIES", "2000"))},
        },
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# The page cache of anonymous visitors (aigov/core/pagecache.py, README "Production"): on or
# off, how long a stored page lives at most (a write ends it sooner), and how long a reverse
# proxy in front may keep it (X-Accel-Expires).
AIGOV_PAGE_CACHE = _env_bool("AIGOV_PAGE_CACHE", True)
AIGOV_PAGE_CACHE_SECONDS = int(os.environ.get("AIGOV_PAGE_CACHE_SECONDS", "600"))
AIGOV_PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("AIGOV_PAGE_CACHE_PROXY_SECONDS", "5"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
# No task's result is read, so none is stored: a result backend subscribed to Redis on every
# send and, with Redis down, retried for 19 s before failing a write that had committed.
CELERY_TASK_IGNORE_RESULT = True
# Sending a task fails fast when the broker is down (aigov.core.tasks.enqueue then runs it
# in-process); the worker reconnects on its own.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Tell the owner by mail when the password, an e-mail address or the second factor changes
# (ASVS 2.2.3, 2.5.5): the mail is allauth's, in the reader's language.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "aigov.accounts.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "aigov"
# The activation page keeps its pending secret for the page's life (see the form's docstring).
MFA_FORMS = {"activate_totp": "aigov.accounts.forms.StableActivateTOTPForm"}
LOGIN_REDIRECT_URL = "core:home"
LOGIN_URL = "account_login"

# --- E-mail: SMTP when EMAIL_HOST is set, otherwise messages are written to var/mail.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "aigov <no-reply@localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Languages: the six official languages of the UN.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "aigov" / "locale"]
USE_I18N = True
# Formats Django's locale files lack (Arabic date and time), see aigov/core/formats.
FORMAT_MODULE_PATH = ["aigov.core.formats"]
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files: served by WhiteNoise, collected into var/static by `aigov collectstatic`
# (`make run`, `aigov upgrade`) under names carrying a hash of their content, each with .gz and
# .br copies; WhiteNoise serves a hashed name with `Cache-Control: max-age=315360000, public,
# immutable` (README, "Static files"). The test suite renders pages without collecting and uses
# the plain storage (conftest.py). From node_modules only the files pages load are served, under
# vendor/ (aigov.core.staticfiles); `make` installs the packages, without dev tools in production.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "aigov" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "aigov.core.staticfiles.VendorFinder",
]
AIGOV_VENDOR_FILES = ["htmx.org/dist/htmx.min.js"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Pages name only hashed files, so only those are kept and compressed; source maps are read by
# developer tools alone and stay uncompressed (collecting takes half the time).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_ROOT = VAR_DIR / "media"

# --- API
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
API_THROTTLE_ANON = os.environ.get("API_THROTTLE_ANON", "120/m")
API_THROTTLE_AUTH = os.environ.get("API_THROTTLE_AUTH", "1200/m")
# How many reverse proxies stand in front of the server, each appending to X-Forwarded-For;
# client addresses (rate limits, sign-in limits, the audit log) are read accordingly.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

# --- Uploads and imports (README, "Imports and exports"): aigov.core.limits refuses a larger
# request body from its Content-Length, before anything reads it, with 413. Django's own limits
# stay: form fields and JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE, files held in memory up
# to FILE_UPLOAD_MAX_MEMORY_SIZE and written to a temporary file beyond.
AIGOV_MAX_UPLOAD_BYTES = int(os.environ.get("AIGOV_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
AIGOV_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("AIGOV_IMPORT_MAX_UNPACKED_BYTES", str(256 * 1024 * 1024))
)
AIGOV_IMPORT_MAX_ROWS = int(os.environ.get("AIGOV_IMPORT_MAX_ROWS", "200000"))
AIGOV_IMPORT_MAX_COLUMNS = int(os.environ.get("AIGOV_IMPORT_MAX_COLUMNS", "200"))
AIGOV_IMPORT_MAX_CELL_CHARACTERS = int(os.environ.get("AIGOV_IMPORT_MAX_CELL_CHARACTERS", "32767"))
AIGOV_MAX_JSON_DEPTH = int(os.environ.get("AIGOV_MAX_JSON_DEPTH", "64"))

# --- Security defaults that do not break a plain-HTTP localhost; production turns on HTTPS
# with the variables below (README, "Configuration"), after which `aigov check --deploy` is
# clean.
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
# A signed-in session ends after this long without a request, and after this long in all
# (aigov.accounts.middleware.SessionLifetimeMiddleware; ASVS 3.3.2 asks for 30 minutes and 12
# hours). The cookie itself lives no longer than the longest session.
AIGOV_SESSION_IDLE_MINUTES = int(os.environ.get("AIGOV_SESSION_IDLE_MINUTES", "30"))
AIGOV_SESSION_MAX_HOURS = int(os.environ.get("AIGOV_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = AIGOV_SESSION_MAX_HOURS * 3600
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
# The header by which the TLS-terminating proxy says the request came over HTTPS (it must
# set it on every request and strip it from clients), e.g. X-Forwarded-Proto.
_PROXY_SSL_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline,
# so injected markup cannot run script. Inline styles stay allowed: server-drawn charts and a
# few pages set them, and htmx adds its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Reference data shipped with the project (a copy of shared/data; see its SOURCES.md).
REFERENCE_DATA_DIR = Path(os.environ.get("AIGOV_REFERENCE_DIR", BASE_DIR / "data" / "reference"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Capacity credentials: the public address of this server (the issuer is did:web of its host,
# statuses and achievements are linked under it) and the Ed25519 signing key (base64url of the
# 32-byte seed; unset, one is generated once into var/credential_ed25519.key).
AIGOV_PUBLIC_URL = os.environ.get("AIGOV_PUBLIC_URL", "http://localhost:8000")
AIGOV_CREDENTIAL_KEY = os.environ.get("AIGOV_CREDENTIAL_KEY", "")

# A Redis database of its own for the task queue (README, "Deploying"): the cache may evict or
# be flushed, queued tasks must not be. Unset, the queue shares REDIS_URL.
if REDIS_URL and os.environ.get("REDIS_QUEUE_URL"):
    CELERY_BROKER_URL = os.environ["REDIS_QUEUE_URL"]

# Scoring weights of matchmaking, readiness and gap ranking, by name (aigov/core/weights.py);
# a JSON object such as {"capacity.matchmaking": {"topic": 4}}. Unknown names fail `aigov check`.
AIGOV_SCORING_WEIGHTS = json.loads(os.environ.get("AIGOV_SCORING_WEIGHTS", "{}"))

# Shared compute (aigov/compute): the part of a request's fee an upper-middle-income country
# is spared (0.5 halves it; low and lower-middle income pay nothing), and how long a local job's
# output is kept (characters).
AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION = os.environ.get("AIGOV_COMPUTE_UPPER_MIDDLE_REDUCTION", "0.5")
AIGOV_COMPUTE_OUTPUT_LIMIT = int(os.environ.get("AIGOV_COMPUTE_OUTPUT_LIMIT", "65536"))
# Where Slurm writes compute jobs' output (a directory the Slurm nodes and this server share),
# and whether jobs are submitted under their country's Slurm account (`--account=<iso3>`, which
# needs the accounts `aigov compute push-fairshare` creates).
AIGOV_COMPUTE_SLURM_OUTPUT_DIR = os.environ.get(
    "AIGOV_COMPUTE_SLURM_OUTPUT_DIR", str(VAR_DIR / "compute" / "slurm")
)
AIGOV_COMPUTE_SLURM_ACCOUNTS = os.environ.get("AIGOV_COMPUTE_SLURM_ACCOUNTS", "") == "1"
# The container image Kubernetes jobs run their command in (with /bin/sh).
AIGOV_COMPUTE_KUBERNETES_IMAGE = os.environ.get("AIGOV_COMPUTE_KUBERNETES_IMAGE", "busybox:1.36")
