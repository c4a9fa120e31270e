"""Settings shared by every environment, read from the environment (django-environ).

With nothing set, the platform runs on embedded defaults: SQLite, a local-memory cache, Celery tasks run
eagerly in the web process and e-mails go to the console. ``DATABASE_URL`` switches to PostgreSQL and
``REDIS_URL`` to a Redis cache plus a real Celery broker (a worker and beat must then run).
"""

from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-key-change-me-0123456789abcdefghijklmnop")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The platform's public address, for the links in e-mails sent outside of any web request (tasks, beat jobs).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # its unaccent lookup (the staff's searches) and migration operations
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "associations",
    "matching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mentoring.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped, streamed exports not; after whitenoise (static files come compressed).
    "mentoring.compression.GZipPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionIdleMiddleware",
    "accounts.middleware.AdminMFARequiredMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # Innermost, so that it sees the view's exceptions first: a database that dropped the connection answers 503.
    "mentoring.database.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "associations.context_processors.staff",
                "matching.context_processors.alerts",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL is set -------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A persistent connection is checked (SELECT 1) before its first use in each request: one the server has
    # dropped (a PostgreSQL restart) is replaced, instead of failing the request that finds it, a youth's
    # submission included.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery: local memory and eager tasks unless REDIS_URL is set ------------------------------------
REDIS_URL = env("REDIS_URL", default="")
REDIS_CACHE_RETRY_AFTER = env.float("REDIS_CACHE_RETRY_AFTER", default=5.0)
# How long a dashboard's figures stay in the cache (seconds; 0: computed on every visit). Their aggregates read the
# whole of an association's data: the dashboards show figures up to this old, and say when they were computed.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
# The beat job computes them again this often (seconds), before the cache lets them go: visitors find them ready.
DASHBOARD_REFRESH_EVERY_S = env.float("DASHBOARD_REFRESH_EVERY_S", default=240.0)
if REDIS_URL:
    # The cache lives in its own Redis database (1 by default), so that clearing or evicting it never touches
    # the Celery queues kept in REDIS_URL's database.
    REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=urlunsplit(urlsplit(REDIS_URL)._replace(path="/1")))
    # django-redis, so that the cache fails open (mentoring/cache.py): when Redis is down or hangs, a cache call
    # gives up after half a second, is logged and answers as a miss (DJANGO_REDIS_IGNORE_EXCEPTIONS), the process
    # leaves Redis alone for REDIS_CACHE_RETRY_AFTER seconds, and the rate limits built on the cache let people
    # through instead of failing their request.
    CACHES = {
        "default": {
            "BACKEND": "mentoring.cache.FailOpenRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CACHE_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
            },
        }
    }
    # django-ratelimit knows django-redis by its class path only; FailOpenRedisCache is django-redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-ratelimit refuses a cache each process keeps to itself; on the embedded defaults (one process, no
    # service) that is the point. With several web workers, set REDIS_URL.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The queue's covering index carries extra columns on PostgreSQL; SQLite builds it without them, which is fine.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # no caller reads task results: publishing skips the result subscription
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that is down or hangs holds a web request for at most about two seconds per task sent: one connection
# attempt (refused at once, or given up after the timeouts), each command given up after socket_timeout (kept
# above the worker's one-second BRPOP), no publish retry. enqueue_on_commit logs what was not sent and the sweepers
# below do it later; a connection Redis closed since its last use (a restart) is replaced when taken from the pool.
# The worker's own reconnection follows CELERY_BROKER_CONNECTION_RETRY/_MAX_RETRIES, not these. The result backend
# gets the same socket timeouts.
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0, "max_retries": 0}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1.0
CELERY_REDIS_SOCKET_TIMEOUT = 2.0
CELERY_TIMEZONE = "Europe/Paris"
# The sweepers' pace (seconds). Production keeps the defaults: a request whose task was lost is routed within
# ROUTING_STUCK_AFTER_S + ROUTE_PENDING_EVERY_S (four minutes) of the broker coming back. The fault tests
# (tests/*/test_faults_*.py) and bench/faults.py shorten them to run in seconds.
ROUTE_PENDING_EVERY_S = env.float("ROUTE_PENDING_EVERY_S", default=120.0)
ROUTING_STUCK_AFTER_S = env.float("ROUTING_STUCK_AFTER_S", default=120.0)
OUTBOX_SWEEP_EVERY_S = env.float("OUTBOX_SWEEP_EVERY_S", default=300.0)
EMAIL_STUCK_AFTER_S = env.float("EMAIL_STUCK_AFTER_S", default=300.0)
# Must stay above the e-mail task's hard time limit (accounts/tasks.py), see accounts.services.email_outbox_sweep.
EMAIL_CLAIM_EXPIRES_S = env.float("EMAIL_CLAIM_EXPIRES_S", default=600.0)
CELERY_BEAT_SCHEDULE = {
    # The outbox sweeper: e-mails whose task was lost (broker down at commit time), whose sending failed or whose
    # worker died while sending are sent on the next sweep.
    "email-outbox-sweep": {"task": "accounts.tasks.email_outbox_sweep_task", "schedule": OUTBOX_SWEEP_EVERY_S},
    # Youth requests past their retention period (matching/services/requests.py) are deleted, every hour.
    "purge-requests": {"task": "matching.tasks.requests_purge_task", "schedule": 3600.0},
    # Requests whose routing task was lost, and whatever waits unrouted, are routed again every two minutes.
    "route-pending": {"task": "matching.tasks.pending_route_task", "schedule": ROUTE_PENDING_EVERY_S},
    # The access log's entries older than twelve months (associations/services.py) are deleted, every night.
    "purge-access-log": {"task": "associations.tasks.access_log_purge_task", "schedule": crontab(hour=3, minute=15)},
    # Webhook deliveries whose task was lost (broker down at commit time, a retry lost with its worker).
    "webhook-sweep": {"task": "matching.tasks.webhook_sweep_task", "schedule": 300.0},
    # The dashboards' figures, computed before the cache lets them go (matching/services/reports.py).
    "dashboard-figures-refresh": {
        "task": "matching.tasks.dashboard_figures_refresh_task",
        "schedule": DASHBOARD_REFRESH_EVERY_S,
    },
    # The follow-up jobs (matching/services/follow_up_jobs.py), every morning before the digest that lists their alerts:
    # pairs silent for 45/60 days, requests untouched for 7/14 days, pairs at six months, checks expiring with minors.
    "silent-pairs-alert": {"task": "matching.tasks.silent_pairs_alert_task", "schedule": crontab(hour=7, minute=0)},
    "requests-untouched-remind": {
        "task": "matching.tasks.requests_untouched_remind_task",
        "schedule": crontab(hour=7, minute=5),
    },
    "pairs-six-months-ask": {
        "task": "matching.tasks.pairs_six_months_ask_task",
        "schedule": crontab(hour=7, minute=10),
    },
    "checks-expiring-alert": {
        "task": "matching.tasks.checks_expiring_alert_task",
        "schedule": crontab(hour=7, minute=15),
    },
    # Coordinators' digest of new items, every morning.
    "coordinators-digest": {"task": "matching.tasks.coordinators_digest_task", "schedule": crontab(hour=7, minute=30)},
    # Check-ins due (1, 3 and 6 months after a mentorship started), every morning.
    "check-ins": {"task": "matching.tasks.check_ins_send_task", "schedule": crontab(hour=9, minute=0)},
    # The monthly reminder to log a session (from the 20th, once a month per mentor; daily to catch up a missed day).
    "session-reminders": {"task": "matching.tasks.session_reminders_task", "schedule": crontab(hour=9, minute=30)},
    # Closed mentorships anonymised 36 months after they ended (matching/services/follow_up_retention.py), nightly.
    "anonymise-mentorships": {
        "task": "matching.tasks.mentorships_anonymise_task",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Authentication (e-mail login through django-allauth) ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "matching:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[1 jeune, 1 mentor] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_PREVENT_ENUMERATION = True
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes. Association staff and
# platform administrators must set it up before any page with personal data (accounts/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "1 jeune, 1 mentor"
# A code is taken one 30-second step either side of the server's clock (allauth's default takes none): a code typed
# in its last seconds, or read from a phone whose clock is a few seconds off, is still accepted, as RFC 6238 (5.2)
# recommends. Each code still signs in once only (allauth marks it used in the cache).
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
# Staff sessions end after this many seconds without a request (accounts/middleware.py); others keep
# SESSION_COOKIE_AGE. A password change logs out the account's other sessions (Django's session hash).
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=30 * 60)

# --- E-mail: console unless an SMTP URL is given ---------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH") or env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent_emails"))
# The name holds a comma: quoted, or it reads as two addresses and the SMTP backend refuses every e-mail.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default='"1 jeune, 1 mentor" <ne-pas-repondre@1jeune1mentor.example>')
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to exercise their rights over their data (the privacy page names it).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="donnees-personnelles@1jeune1mentor.example")
EMAIL_TIMEOUT = 10  # seconds per SMTP operation: a hung server fails the sending (retried by the outbox sweeper)

# --- Internationalisation: French by default, English complete -------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mentoring.formats"]  # English dates day first, as in France (mentoring/formats/en)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files: npm-built vendor assets under static/vendor, served by whitenoise ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything from the site itself (mentoring/security.py); an empty CONTENT_SECURITY_POLICY sends no header.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Rate limits (django-ratelimit, in the cache) ----------------------------------------------------------------
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_FAIL_OPEN = True  # the cache unreachable: let the post through rather than refuse everyone
RATELIMIT_IP_META_KEY = "mentoring.http.client_ip"  # the visitor's address, read as TRUSTED_PROXIES says
# The youth form's posts per visitor address, generous: a classroom or a youth centre shares one public address.
INTAKE_RATE_PER_ADDRESS = env("INTAKE_RATE_PER_ADDRESS", default="60/h")
# Posts per e-mail address the form writes to (the youth's, the parent's), strict: each rate must hold.
INTAKE_RATES_PER_RECIPIENT = env.list("INTAKE_RATES_PER_RECIPIENT", default=["3/h", "5/d"])
# The reverse proxies in front of the application (addresses or networks, e.g. "10.0.0.0/8"). A request coming
# from one of them is the proxy's: the visitor's address is read from X-Forwarded-For, right to left, skipping the
# proxies' own entries. From anywhere else the header is ignored, so nobody escapes the limit by writing it.
TRUSTED_PROXIES = [
    str(ip_network(proxy.strip(), strict=False)) for proxy in env.list("TRUSTED_PROXIES", default=[]) if proxy.strip()
]
# allauth's login and signup rate limits read the visitor's address the same way (accounts.adapter.AccountAdapter).

# --- The REST API for associations (/api/v1/, Django REST framework) ---------------------------------------------
# Calls per association API key (DRF's throttling, counted in the cache: with the cache down, calls go through).
API_RATE_PER_KEY = env("API_RATE_PER_KEY", default="600/min")
# Webhook deliveries: seconds to wait for the receiver, and how many retries (exponential backoff) before giving up.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=5.0)
WEBHOOK_MAX_RETRIES = env.int("WEBHOOK_MAX_RETRIES", default=6)
# Receivers are public https addresses (matching/webhook_urls.py): plain http only where this is on (DEBUG, tests);
# addresses of WEBHOOK_ALLOWED_NETWORKS (CIDR) are let through even if private (the tests' local receiver only).
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=DEBUG)
WEBHOOK_ALLOWED_NETWORKS = env.list("WEBHOOK_ALLOWED_NETWORKS", default=[])
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["associations.api.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["associations.api.ApiKeyPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["associations.api.ApiKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mentoring.problems.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "1 jeune, 1 mentor — API des associations",
    "DESCRIPTION": (
        "The queue, the mentors and the mentorships of one association, for its own tools. Authenticate with the "
        "association's API key: `Authorization: Bearer <key>`. Errors are RFC 9457 problem details "
        "(`application/problem+json`)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DeclineReasonEnum": "matching.enums.DeclineReason",
        "MentorRejectReasonEnum": "matching.enums.MentorRejectReason",
        "MeetingModeEnum": "matching.enums.MeetingMode",
        "AxisEnum": "matching.enums.Axis",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mentoring.problems.problem_responses",
    ],
}
