"""Settings, all read from the environment with safe defaults (see docs/configuration.md).

DEBUG is off unless asked for; with it off, the settings refuse to start without a strong
SECRET_KEY and explicit ALLOWED_HOSTS, and turn on the HTTPS protections `check --deploy` wants.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy
from kombu import Queue

from wastewatch.logs import logging_config  # production stack: structured logs

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


DEBUG = env_bool("DEBUG", False)
VAR_DIR = Path(env_str("WASTEWATCH_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
            "string, or DEBUG=1 for a local development server."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on-never-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty: with DEBUG off, list the host names the platform serves, "
        "comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.forms",
    "rest_framework",
    "knox",  # hashed, expiring API tokens (see "People: API throttles and tokens" below)
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",  # log-in lock-out (see "People: log-in limits" below)
    "wastewatch",
    "parks",
    "monitoring",
    "detection",
    "evaluation",
    "indicators",
    "reports",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wastewatch.csp.PortalCSPMiddleware",  # Content-Security-Policy, see its block below
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the login page's 429
]
# --- Request ids and health (production stack) -----------------------------------------------
# RequestIdMiddleware first: every later log record of a request carries its id. Health answers
# /healthz before SecurityMiddleware (no HTTPS redirect) and CommonMiddleware (no Host check).
MIDDLEWARE = [
    "wastewatch.request_id.RequestIdMiddleware",
    "wastewatch.health.HealthCheckMiddleware",
    *MIDDLEWARE,
]
# --- end request ids and health ----------------------------------------------------------------

ROOT_URLCONF = "wastewatch.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"  # widgets may use templates/
WSGI_APPLICATION = "wastewatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wastewatch.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL=postgis://user:pass@host:5432/name for production; unset, a
# SpatiaLite file under var/ for trying the platform out.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
else:
    _db = {"NAME": str(VAR_DIR / "wastewatch.sqlite3"), "ENGINE": "spatialite"}
_SPATIAL_ENGINES = {
    "django.db.backends.postgresql": "django.contrib.gis.db.backends.postgis",
    "django.contrib.gis.db.backends.postgis": "django.contrib.gis.db.backends.postgis",
    "django.db.backends.sqlite3": "django.contrib.gis.db.backends.spatialite",
    "django.contrib.gis.db.backends.spatialite": "django.contrib.gis.db.backends.spatialite",
    "spatialite": "django.contrib.gis.db.backends.spatialite",
}
if _db.get("ENGINE") not in _SPATIAL_ENGINES:
    raise ImproperlyConfigured(
        f"DATABASE_URL must name PostgreSQL/PostGIS (postgis://) or SpatiaLite "
        f"(spatialite://), got engine {_db.get('ENGINE')!r}"
    )
_db["ENGINE"] = _SPATIAL_ENGINES[_db["ENGINE"]]
if _db["ENGINE"].endswith("spatialite"):
    from wastewatch.sqlite import ensure_extension_loading

    ensure_extension_loading()
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _db}
# --- Read replica (docs/configuration.md#read-replica, wastewatch/db_router.py) -------------
# DATABASE_REPLICA_URL: a PostgreSQL streaming replica of DATABASE_URL's database. The portal's
# pages, the exports and detection's features read it; writes and migrations stay on the
# primary. A browser that wrote reads the primary for DATABASE_REPLICA_PIN_SECONDS; jobs wait
# up to DATABASE_REPLICA_WAIT_SECONDS for the replica to catch up, then read the primary; an
# unreachable replica is retried after DATABASE_REPLICA_RETRY_SECONDS (the primary meanwhile).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
DATABASE_REPLICA_WAIT_SECONDS = env_int("DATABASE_REPLICA_WAIT_SECONDS", 5)
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 10)
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=_db.get("CONN_MAX_AGE", 0), conn_health_checks=True
    )
    if not (
        _db["ENGINE"].endswith("postgis")
        and _SPATIAL_ENGINES.get(_replica.get("ENGINE"), "").endswith("postgis")
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL: set both DATABASE_URL and "
            "DATABASE_REPLICA_URL to postgis:// URLs (a replica of the same database), or unset "
            "DATABASE_REPLICA_URL."
        )
    _replica["ENGINE"] = _db["ENGINE"]
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)  # down: primary soon
    # Tests: the replica serves the primary's test database (physical replication copies it).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["wastewatch.db_router.ReplicaRouter"]
# --- end of read replica ---------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# gis.W001 warns that GDAL < 3.9 (Debian 12 ships 3.6) cannot block file and network access
# from spatial references given as user input. The platform never builds a spatial reference
# from user input: SRIDs are integers and the API refuses GeoJSON "crs" members
# (wastewatch.api.fields). Set WASTEWATCH_GDAL_CHECK=1 to see the warning again.
SILENCED_SYSTEM_CHECKS = [] if env_bool("WASTEWATCH_GDAL_CHECK", False) else ["gis.W001"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# People: log-in limits (django-axes). LOGIN_FAILURE_LIMIT failed log-ins lock the account
# (from any address) and, separately, the address (for any account) for LOGIN_LOCKOUT_MINUTES;
# a success before the limit forgets the failures. Staff unlock sooner in the admin (Axes ›
# Access attempts: delete the attempt). Behind a proxy, LOGIN_CLIENT_IP_HEADER names the
# request header (as in request.META, e.g. HTTP_X_REAL_IP) the proxy sets to the client's
# address; unset, the connection's address is used.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wastewatch.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "wastewatch.auth.client_ip"
LOGIN_CLIENT_IP_HEADER = env_str("LOGIN_CLIENT_IP_HEADER")
AXES_VERBOSE = False

# People: sessions. A portal session ends SESSION_COOKIE_AGE seconds after the log-in (a
# working day by default), and the messages a page leaves for the next one are kept in the
# session, never in a (readable) cookie.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Figures grouped by thousands in Chinese too (wastewatch/formats/zh_Hans).
FORMAT_MODULE_PATH = ["wastewatch.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Protected file serving (wastewatch/files.py): stored files have no public URL; a view checks
# who may read each one, then "django" streams it, "nginx" answers X-Accel-Redirect to
# PROTECTED_MEDIA_INTERNAL_URL + the file's name (an `internal` location aliased to
# MEDIA_ROOT), "apache" answers X-Sendfile with its path (mod_xsendfile).
PROTECTED_MEDIA_SERVER = env_str("PROTECTED_MEDIA_SERVER", "django")
if PROTECTED_MEDIA_SERVER not in ("django", "nginx", "apache"):
    raise ImproperlyConfigured(
        f"PROTECTED_MEDIA_SERVER must be django, nginx or apache, got {PROTECTED_MEDIA_SERVER!r}"
    )
PROTECTED_MEDIA_INTERNAL_URL = env_str("PROTECTED_MEDIA_INTERNAL_URL", "/protected-media/")

# Security: with DEBUG off, HTTPS everywhere unless the deployment says otherwise.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# --- Health check (production stack) -----------------------------------------------------------
# /healthz is answered over plain HTTP too (load balancers probe the backend directly).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
HEALTH_HEARTBEAT_SECONDS = env_int("HEALTH_HEARTBEAT_SECONDS", 60)  # beat → worker heartbeat
HEALTH_WORKER_MAX_AGE_SECONDS = env_int("HEALTH_WORKER_MAX_AGE_SECONDS", 180)  # then 503
HEALTH_BROKER_TIMEOUT_SECONDS = env_int("HEALTH_BROKER_TIMEOUT_SECONDS", 3)
# --- end health check --------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call then answers 401 with WWW-Authenticate.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # People: API throttles (wastewatch/throttling.py; rates below). Devices have their own.
    "DEFAULT_THROTTLE_CLASSES": [
        "wastewatch.throttling.AnonRateThrottle",
        "wastewatch.throttling.UserRateThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "wastewatch.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wastewatch.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
}
# People: API throttles and tokens. Logged-in callers get API_USER_THROTTLE_RATE requests per
# user, others API_ANON_THROTTLE_RATE per address ("N/second|minute|hour|day"); past it, 429
# with Retry-After. Tokens (django-rest-knox, stored as hashes) expire API_TOKEN_TTL_HOURS
# after they are issued by POST /api/v1/auth/login/.
API_USER_THROTTLE_RATE = env_str("API_USER_THROTTLE_RATE", "3000/hour")
API_ANON_THROTTLE_RATE = env_str("API_ANON_THROTTLE_RATE", "60/hour")
for _name in ("API_USER_THROTTLE_RATE", "API_ANON_THROTTLE_RATE"):
    _count, _, _period = globals()[_name].partition("/")
    if not (_count.isdigit() and _period.isalpha() and _period[0] in "smhd"):
        raise ImproperlyConfigured(
            f"{_name} must look like 100/minute (per second, minute, hour or day), "
            f"got {globals()[_name]!r}"
        )
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 24 * 30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "USER_SERIALIZER": None,
}

SPECTACULAR_SETTINGS = {
    # Lazy: the API guide's title and description in the reader's language (or ?lang=).
    "TITLE": gettext_lazy("WasteWatch API"),
    "DESCRIPTION": gettext_lazy(
        "Industrial solid-waste supervision: park and enterprise registry, monitoring data, "
        "anomaly flags. Every error has the shape {message, code, extra}."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from static files, not a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UploadStatusEnum": "monitoring.models.UploadBatch.Status",
        "FlagStatusEnum": "detection.models.Flag.Status",
        "FlagDecisionEnum": ["confirmed", "dismissed"],
        "ParkEvaluationStatusEnum": "evaluation.models.ParkEvaluation.Status",
        "IndicatorDirectionEnum": "evaluation.models.Indicator.Direction",
        "IndicatorValueSourceEnum": "evaluation.models.IndicatorValue.Source",
        # Names these had before evaluation's enums of the same field names arrived.
        "DirectionEnum": "monitoring.models.WeighTicket.Direction",
        "SourceEnum": "monitoring.models.LedgerEntry.Source",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wastewatch.api.schema.add_error_responses",
    ],
}

# Celery: no broker configured means tasks run eagerly, in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A message not acknowledged within this many seconds (its worker died) is delivered again.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
}
CELERY_TIMEZONE = TIME_ZONE
# Periodic work (run `celery -A wastewatch beat`); each job is also a management command.
# Each expires before its next run, so that a backlog never runs twice.
CELERY_BEAT_SCHEDULE = {
    "refresh-ticket-rollups": {  # https://crontab.guru/#15_2_*_*_*
        "task": "monitoring.tasks.ticket_rollups_refresh_task",
        "schedule": crontab(minute=15, hour=2),
        "options": {"expires": 23 * 3600},
    },
    "train-detector": {  # https://crontab.guru/#30_1_16_*_*
        "task": "detection.tasks.detector_train_task",
        "schedule": crontab(minute=30, hour=1, day_of_month=16),  # after the 15th's reports
        "options": {"expires": 27 * 24 * 3600},
    },
    "issue-reports": {  # the month's compliance reports, after the filing deadline
        "task": "reports.tasks.reports_issue_month_task",
        "schedule": crontab(minute=0, hour=2, day_of_month=env_int("REPORTS_ISSUE_DAY", 16)),
        "options": {"expires": 27 * 24 * 3600},
    },
    "score-flags": {  # https://crontab.guru/#45_2_*_*_*
        "task": "detection.tasks.flags_score_task",
        "schedule": crontab(minute=45, hour=2),
        "options": {"expires": 23 * 3600},
    },
}
# --- Jobs: time limits and locks (docs/configuration.md#jobs) ---------------------------------
# Seconds a task may run: at the soft limit it stops (its transaction rolled back), at the hard
# limit its worker process is killed. Upload processing and follow-up tasks use the task limits;
# the nightly and monthly jobs (roll-up repair, scoring everyone, training) the nightly ones.
# Keep every hard limit below CELERY_VISIBILITY_TIMEOUT (Redis) and RabbitMQ's consumer_timeout
# (30 min by default), or a task still running is delivered to a second worker.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
JOBS_NIGHTLY_SOFT_TIME_LIMIT = env_int("JOBS_NIGHTLY_SOFT_TIME_LIMIT", 1500)
JOBS_NIGHTLY_TIME_LIMIT = env_int("JOBS_NIGHTLY_TIME_LIMIT", 1620)
# Seconds a scoring waits for another scoring of the same enterprises before it gives up (and
# its task retries later).
JOBS_LOCK_WAIT = env_int("JOBS_LOCK_WAIT", 60)
# --- end of jobs --------------------------------------------------------------------------------

# --- Worker heartbeat and worker logs (production stack) --------------------------------------
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING (wastewatch.celery)
# --- end worker heartbeat ----------------------------------------------------------------------

# --- Monthly partitions of tickets and ledger entries (PostgreSQL; docs/configuration.md) -----
# Months after the current one whose partitions the daily task keeps created ahead.
PARTITIONS_MONTHS_AHEAD = env_int("PARTITIONS_MONTHS_AHEAD", 3)
CELERY_BEAT_SCHEDULE["ensure-partitions"] = {  # https://crontab.guru/#5_0_*_*_*
    "task": "monitoring.tasks.partitions_ensure_task",
    "schedule": crontab(minute=5, hour=0),
    "options": {"expires": 23 * 3600},
}
# --- end of partitions ---------------------------------------------------------------------------

# --- Worker queues (docs/configuration.md#worker-queues) ---------------------------------------
# Each kind of work on its own queue, served by its own worker (Procfile), so that a month-end
# wave of uploads does not delay device roll-ups and a long scoring does not hold up an upload.
# Every task of the platform is routed here by name (tests/wastewatch/test_task_routes.py); a
# worker started without -Q serves every queue. Without a broker tasks run in-process as before.
CELERY_TASK_DEFAULT_QUEUE = "default"
WORKER_QUEUES = ("default", "rollups", "uploads", "detection", "reports")
CELERY_TASK_QUEUES = [Queue(name) for name in WORKER_QUEUES]
CELERY_TASK_ROUTES = {
    "monitoring.tasks.ticket_rollup_refresh_task": {"queue": "rollups"},
    "monitoring.tasks.ticket_rollups_refresh_task": {"queue": "rollups"},
    "monitoring.tasks.ledger_upload_process_task": {"queue": "uploads"},
    "detection.tasks.flags_score_task": {"queue": "detection"},
    "detection.tasks.detector_train_task": {"queue": "detection"},
    "reports.tasks.report_build_task": {"queue": "reports"},
    "reports.tasks.reports_issue_month_task": {"queue": "reports"},
    # Moving stray rows into their month's partition may take minutes: not on the heartbeat's
    # queue; beside the roll-ups, the other upkeep of stored tickets.
    "monitoring.tasks.partitions_ensure_task": {"queue": "rollups"},
    # The cache warming that only saves readers time. (The heartbeat goes to every queue.)
    "wastewatch.tasks.worker_heartbeat_task": {"queue": "default"},
    "indicators.tasks.figures_warm_task": {"queue": "default"},
}
# A heartbeat on every queue: /healthz fails when a queue has had no worker for
# HEALTH_WORKER_MAX_AGE_SECONDS (a dead uploads worker would otherwise go unnoticed).
for _queue in WORKER_QUEUES:
    CELERY_BEAT_SCHEDULE[f"worker-heartbeat-{_queue}"] = {
        "task": "wastewatch.tasks.worker_heartbeat_task",
        "schedule": HEALTH_HEARTBEAT_SECONDS,
        "args": [_queue],
        "options": {"queue": _queue, "expires": HEALTH_HEARTBEAT_SECONDS},
    }
# --- end worker queues -------------------------------------------------------------------------

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Indicator figures (dashboard, indicators page) kept while the data behind them is unchanged
# (indicators.services.figures_cached); 0 computes them on every request.
INDICATORS_CACHE_SECONDS = env_int("INDICATORS_CACHE_SECONDS", 24 * 3600)
# After new ledger figures, compute those figures ahead in a task (indicators.tasks): by
# default only where it helps, a worker (a broker) filling a cache the web shares (CACHE_URL);
# in-process it would make the uploader wait for what the next reader would have waited for.
INDICATORS_WARM_AFTER_UPLOADS = env_bool(
    "INDICATORS_WARM_AFTER_UPLOADS", bool(CELERY_BROKER_URL and env_str("CACHE_URL"))
)

# Device ingestion: batch size, and the largest weight (gross, tare or net) one weighing can
# plausibly show: road weighbridges weigh up to ~150 t.
WEIGH_TICKET_BATCH_MAX = env_int("WEIGH_TICKET_BATCH_MAX", 1000)
WEIGH_TICKET_MAX_NET_T = env_int("WEIGH_TICKET_MAX_NET_T", 200)
DEVICE_THROTTLE_RATE = env_str("DEVICE_THROTTLE_RATE", "120/min")  # batch requests per key
MANIFEST_DISCREPANCY_RATIO = float(env_str("MANIFEST_DISCREPANCY_RATIO", "0.10"))  # e-Manifest bulk
# Working days a shipment may take to arrive: a manifest with no confirmed receipt this many
# working days after shipping, plus the 5 the receiver has to confirm, is overdue.
MANIFEST_TRANSIT_WORKING_DAYS = env_int("MANIFEST_TRANSIT_WORKING_DAYS", 5)

# --- API request limits (docs/security.md, "API input limits") ---------------------------
# Checked by wastewatch.api.middleware before any view; each refusal is in the API's JSON
# error shape and names its setting. Multipart uploads keep their own limits.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 2_621_440)  # 413 above (2.5 MiB)
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)  # 400 above: nested arrays/objects
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "wastewatch.api.middleware.ApiRequestLimitsMiddleware",
)
# --- end of API request limits -------------------------------------------------------------

# --- Read replica: the portal's reads (see "Read replica" above) -----------------------------
if DATABASE_REPLICA_URL:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "wastewatch.db_router.ReplicaReadsMiddleware",
    )
# --- end of read replica: the portal's reads -------------------------------------------------

# --- Manifest plausibility (docs/manifests.md) ---------------------------------------------
# One manifest is one vehicle's load: above this many tonnes it is refused as implausible
# (GB 1589: 49 t is the heaviest road vehicle's total mass). Per-category limits override it:
# MANIFEST_MAX_LOAD_T_BY_CATEGORY="HW08=30,HW18=40".
MANIFEST_MAX_LOAD_T = env_int("MANIFEST_MAX_LOAD_T", 49)


def _env_limits_by_code(name: str) -> dict[str, int]:
    limits = {}
    for item in env_list(name, []):
        code, _, limit = item.partition("=")
        if not code.strip() or not limit.strip().isdigit():
            raise ImproperlyConfigured(f"{name} must be CODE=TONNES pairs, got {item!r}")
        limits[code.strip().upper()] = int(limit)
    return limits


MANIFEST_MAX_LOAD_T_BY_CATEGORY = _env_limits_by_code("MANIFEST_MAX_LOAD_T_BY_CATEGORY")
# The National Hazardous Waste List as a file whose lines start with the 8-digit codes
# (AAA-BBB-CC); when set, a manifest's or a ledger's waste code must be on it. Empty: form and
# category only (monitoring/waste_list.py).
HAZARDOUS_WASTE_LIST_FILE = env_str("HAZARDOUS_WASTE_LIST_FILE", "")
# --- end of manifest plausibility ----------------------------------------------------------

# Detection rules: thresholds the bureau may tune (each also DETECTION_<NAME> in the environment).
DETECTION_THRESHOLDS = {
    name: float(env_str(f"DETECTION_{name.upper()}", default))
    for name, default in {
        "measured_gap_ratio": "0.10",  # |weighed − reported| ÷ the larger, as e-Manifest's 10 %
        "measured_gap_min_t": "1.0",  # and at least this many tonnes
        "medium_ratio": "0.25",
        "high_ratio": "0.50",
        "model_score": "0.95",  # calibrated: 1 = the training data's 99.9th percentile
        "stock_gap_ratio": "0.05",  # opening vs last month's closing stock
        "stock_gap_min_t": "1.0",
        "counterparty_gap_ratio": "0.20",  # sent vs received by the counterparty
        "counterparty_gap_min_t": "1.0",
        # Transfers out vs the weighbridge, and vs what the receiver accounts for: each month
        # is judged against the series' usual gap (the median of its previous usual months)
        # once it has usual_gap_history_min of them, with a tolerance of usual_gap_spreads
        # robust spreads of those gaps, so that a series noisier by nature (declared figures
        # from delivery notes, a load across the month's turn, moisture lost on the way) is
        # judged on its own noise; never tighter than the floor weighing allows: a weighbridge
        # is accurate to well under 1 % per load (OIML R76 class III: about 0.1 % of a 30 t
        # load), so one month's sum strays by less than twice that bound, and two weighbridges'
        # sums (sender's and receiver's) by less than twice as much again.
        "measured_gap_floor_ratio": "0.02",
        "counterparty_gap_floor_ratio": "0.04",
        # 4 spreads: a month of a normal series passes 99.99 % of the time, were its spread
        # known; read from two years of months (all the history a scoring reads) and from no
        # fewer than six, its estimate is close enough for a clean month to pass ≥ 99.7 %
        # of the time even where declared figures stray by 2 % from month to month.
        "usual_gap_spreads": "4",
        "usual_gap_history": "24",  # previous months that make the usual gap and the spread
        "usual_gap_history_min": "6",  # fewer usual ones: no usual gap yet, *_gap_ratio
        # Generation against its own recent months, in units of the series' own spread (robust
        # z-score of the log figure; per unit of output where known): one month this far away
        # is flagged; at the lower bar, a run of three months the same way, every month of it.
        # 4 spreads: a steady series' month reaches it by chance about once in 15,000 months
        # (Gaussian tails), and 3 for three months in a row about once in 10^8.
        "generation_z": "4.0",
        "generation_shift_z": "3.0",
        # A lasting change judged on its months together (mean deviation ÷ standard error),
        # against at least this many reference months, and only a material one: a lasting
        # ±20 % per unit of output is within what raw-material grades and product mix do.
        "generation_run_z": "5.0",
        "generation_run_reference": "6",
        "generation_run_ratio": "1.25",
        # The spread is never taken below 5 % (log units): working days alone vary 19–23 a
        # month, so even a steady plant's monthly generation moves that much; it lets a
        # ×1.2 spike of a steady series through (4 × 0.05 ≈ ×1.22) but nothing finer.
        "generation_spread_floor": "0.05",
        # Never a change of less than 100 kg: hazardous wastes are made in hundreds of
        # kilograms a month, where a fixed tonne hid every change (ledgers are kept to the kg).
        "generation_min_t": "0.1",
        # A series with this many months of nothing among its previous 12 is generated in
        # batches, judged on its 12-month total against the 12 months before, × or ÷ this.
        "generation_batch_zero_months": "3",
        "generation_batch_ratio": "2.0",
        # Round figures (multiples of 10, 50 or 100 t) for this many months in a row, whose
        # chance for honest figures stated to the enterprise's usual precision is at most
        # this: about 90,000 series-months are judged in a city of 120 enterprises over three
        # years, so one in a million keeps chance runs to about one in ten cities.
        "round_figures_months": "3",
        "round_figures_chance": "1e-6",
        "report_due_day": "15",  # a month's ledger is due by this day of the next month
        "late_report_grace_days": "0",  # days past that day before a ledger counts as late
        "device_stuck_tickets": "5",  # consecutive tickets of a waste, same net; high at twice
        "device_resent_minutes": "15",  # same vehicle, gross and tare again within this
        "device_resent_high": "5",  # re-sent tickets in a month that make the flag high
        "device_gap_days": "5",  # silent working days of a month; high at twice
        "device_gap_history_days": "60",  # the days before a silence that say what is usual
        "device_gap_active_share": "0.8",  # share of their working days with a ticket
        # series_score at or above this is an alarm. The score is e / (e + 5) for a day's tail
        # probability of 10^-e: 0.583 is 1e-7. A few hundred points' two daily series over a
        # year of working days are ~10^5 days judged: at 1e-7 a city should see about one
        # chance alarm a decade (at 0.5, 1e-5, one a year in theory, and more in practice:
        # daily tonnes have heavier tails than the detector's fitted ones).
        "weighbridge_series_score": "0.583",
        "weighbridge_series_days": "20",  # working days whose median is the usual level
        "weighbridge_series_history_days": "250",  # working days (a year) before judging
    }.items()
}
DETECTION_WINDOW_MONTHS = env_int("DETECTION_WINDOW_MONTHS", 13)  # how far back re-scoring looks

# Ledger uploads: size limits, plausibility and balance tolerance (absolute, or a share of
# what came in: opening stock + generated + received).
LEDGER_UPLOAD_MAX_BYTES = env_int("LEDGER_UPLOAD_MAX_BYTES", 50 * 2**20)
LEDGER_XLSX_MAX_EXPANDED_BYTES = env_int("LEDGER_XLSX_MAX_EXPANDED_BYTES", 400 * 2**20)
LEDGER_MAX_LINE_T = env_int("LEDGER_MAX_LINE_T", 5_000_000)
LEDGER_BALANCE_TOLERANCE_T = float(env_str("LEDGER_BALANCE_TOLERANCE_T", "0.5"))
LEDGER_BALANCE_TOLERANCE_RATIO = float(env_str("LEDGER_BALANCE_TOLERANCE_RATIO", "0.01"))
LEDGER_MAX_REPORTED_ERRORS = env_int("LEDGER_MAX_REPORTED_ERRORS", 2000)

# Maps' base layer (portal and admin, wastewatch/tiles.py): an XYZ tile URL template
# ({z}/{x}/{y}, {s} for one of MAP_TILE_SUBDOMAINS), an optional overlay of place names drawn
# above it (天地图's cva_w), the attribution shown with them and the deepest zoom served;
# without a URL, or when the server cannot be reached, the maps draw on a plain background.
MAP_TILE_URL = env_str("MAP_TILE_URL")
MAP_TILE_LABELS_URL = env_str("MAP_TILE_LABELS_URL")
MAP_TILE_SUBDOMAINS = env_str("MAP_TILE_SUBDOMAINS", "abc")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION")
MAP_TILE_MAX_ZOOM = env_int("MAP_TILE_MAX_ZOOM", 18)
MAP_CENTER = (109.84, 40.66)  # Baotou, lon/lat
# Shows the "demonstration data" notice on every page (`make run` turns it on).
DEMO_NOTICE = env_bool("WASTEWATCH_DEMO", False)

# Content-Security-Policy (django-csp): scripts and styles only from the platform's own static
# files (no inline script, style or handler anywhere), images also from the map tile server
# (added per response by wastewatch.csp.PortalCSPMiddleware);
# CSP_REPORT_URI, if set, receives the browsers' violation reports. CSP_REPORT_ONLY=1 sends the
# policy as Content-Security-Policy-Report-Only (to try a change out) instead of enforcing it.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],  # + the tile servers (wastewatch/csp.py)
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_str("CSP_REPORT_URI"):
    _CSP["DIRECTIVES"]["report-uri"] = [env_str("CSP_REPORT_URI")]
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- Logging, static files and error reporting (production stack) -----------------------------
# Logs: time, level, logger and request id on every line; LOG_FORMAT=json for JSON lines.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))

# Static files with content-hashed names (far-future caching), compressed by WhiteNoise;
# `collectstatic` must have run. With DEBUG on (make run), templates get the plain names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "wastewatch.storage.StaticFilesStorage"},
}

# Error reporting: only when SENTRY_DSN is set; no personal data (user, IP, cookies) is sent.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# --- end logging, static files and error reporting ---------------------------------------------

# --- Table uploads other than ledgers (economic figures, evaluation values) ---------------
# Refused by size (413) before the body is read; ledgers keep LEDGER_UPLOAD_MAX_BYTES. Every
# workbook, whatever its path, is also held to LEDGER_XLSX_MAX_EXPANDED_BYTES once unzipped.
TABLE_UPLOAD_MAX_BYTES = env_int("TABLE_UPLOAD_MAX_BYTES", 10 * 2**20)
# They are parsed inside the request: a workbook's unzipped size and the rows are bounded too.
TABLE_XLSX_MAX_EXPANDED_BYTES = env_int("TABLE_XLSX_MAX_EXPANDED_BYTES", 100 * 2**20)
TABLE_UPLOAD_MAX_ROWS = env_int("TABLE_UPLOAD_MAX_ROWS", 20_000)
# --- end of table uploads ----------------------------------------------------------------
