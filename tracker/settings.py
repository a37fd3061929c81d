"""Settings for the PAR Index remediation tracker.

Every value a deployment changes comes from the environment (see README.md);
the defaults run on a laptop: SQLite, the django-q2 ORM broker, e-mail to the
console.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from tracker.env import env_bool, env_database, env_int, env_list, env_str, refuse

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        refuse("SECRET_KEY", "must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_q",
    "simple_history",
    "axes",
    "tracker",
    "conclusions",
    "notifications",
]

# What `seed_demo` adds after the organisation and its users, in order: each
# app's demo data after what it builds on (apps above tracker add their own
# here, so tracker never imports them).
DEMO_SEEDERS = [
    "tracker.demo.assessments.seed_assessments",
    "conclusions.demo.seed_conclusions",
    "conclusions.demo.tasks.seed_tasks",
    "notifications.demo.seed_notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tracker.middleware.idle_session_expiry",
    "tracker.middleware.vietnamese_first",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tracker.security.SecurityLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

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
                "tracker.navigation.navigation",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the django-q2 worker both write: without these the
    # second writer gets "database is locked" instead of waiting its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tracker.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords
# for one account, or from one address, that account or address waits
# LOGIN_COOLOFF_MINUTES, on the site's login and the admin's alike; an
# administrator lifts a lockout early in the admin (Axes › Access attempts).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    refuse("LOGIN_FAILURE_LIMIT/LOGIN_COOLOFF_MINUTES", "must be at least 1")
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tracker.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_address"
# The reverse proxies in front of the app (0: clients connect directly); the
# client's address is then read from X-Forwarded-For, as the proxy wrote it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
CSRF_FAILURE_VIEW = "tracker.security.csrf_failure"

# Sessions end after SESSION_IDLE_HOURS without a request (renewed by
# tracker.middleware.idle_session_expiry), and with the browser when
# SESSION_EXPIRE_AT_BROWSER_CLOSE is on (shared office machines).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8) * 3600
if SESSION_COOKIE_AGE < 3600:
    refuse("SESSION_IDLE_HOURS", "must be at least 1")
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tracker.lib.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Evidence files attached to tasks (minh chứng).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024
# A report over more tasks than this is built by the django-q2 worker, the
# page showing its progress; a smaller one while the user waits.
REPORT_BACKGROUND_TASKS = env_int("REPORT_BACKGROUND_TASKS", 3000)
# A task list export longer than this is written by the django-q2 worker and
# downloaded from the user's exports page; a shorter one while the user waits.
EXPORT_SYNC_ROWS = env_int("EXPORT_SYNC_ROWS", 5000)
# Exported files are deleted this many days after they were asked for.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cchc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-q2: the ORM broker unless Redis is configured. Without an explicit
# "orm" key django-q2 silently tries Redis. retry > timeout so a long job is
# never delivered twice while it still runs; missed runs are not replayed.
REDIS_URL = env_str("REDIS_URL")
Q_CLUSTER = {
    "name": "cchc",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 600,
    "retry": 720,
    "max_attempts": 2,
    "catch_up": False,
    "label": "Django Q2",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
if env_bool("Q_SYNC", False):
    Q_CLUSTER["sync"] = True

# The task indexes carry extra columns for index-only counts on PostgreSQL;
# SQLite builds them without, which is all this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Calendar events written once per content (notifications.feeds): in Redis when
# configured, so every web worker shares them, else in each worker's memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "feeds": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "feeds",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    ),
}

# Every job that runs on a schedule (cron in local time), written to django-q2
# by tracker.schedules.schedules_sync after each migrate.
SCHEDULES = [
    {
        "name": "held_uploads_sweep",
        "func": "tracker.lib.uploads.held_uploads_sweep",
        "cron": "30 2 * * *",
    },
    {
        "name": "export_files_sweep",
        "func": "tracker.services.exports.export_files_sweep",
        "cron": "45 2 * * *",
    },
    # Reminders leave at 08:00 in Vietnam, the start of the working day. The
    # timeout stays well under notifications.services.CLAIM_TIMEOUT and
    # Q_CLUSTER["retry"]: a killed sweep is not delivered again while another runs.
    {
        "name": "reminders_send",
        "func": "notifications.jobs.send_reminders",
        "cron": "0 8 * * *",
        "kwargs": {"q_options": {"timeout": 300}},
    },
]

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles and fonts only from
# the app's own static files, no inline code; Bootstrap draws a few icons as
# data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The security log (tracker.security) goes to SECURITY_LOG_FILE when set,
# else to the console with everything else.
SECURITY_LOG_FILE = env_str("SECURITY_LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar feed addresses carry a secret: the loggers that write request
    # paths mask it (runserver's access log is Django's default, redeclared).
    "filters": {"feed_tokens": {"()": "notifications.log_filters.MaskFeedTokens"}},
    "formatters": {
        "timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "loggers": {
        "security": {
            "level": env_str("SECURITY_LOG_LEVEL", "INFO"),
            "filters": ["feed_tokens"],
        },
        # django-axes writes its own lines for every attempt; the security
        # logger already says what matters.
        "axes": {"level": "ERROR"},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["feed_tokens"],
        },
        "django.request": {"filters": ["feed_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
if SECURITY_LOG_FILE:
    LOGGING["handlers"]["security"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": SECURITY_LOG_FILE,
        "formatter": "timed",
        "encoding": "utf-8",
    }
    LOGGING["loggers"]["security"].update(handlers=["security"], propagate=False)
