"""CRM Plus settings: one file, driven by environment variables.

Every value a site changes comes from the environment with a safe default, so
`make run` works on a laptop with nothing set and production sets only env vars.
"""

import os
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CRMPLUS_VAR_DIR", BASE_DIR / "var"))
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "bootstrap",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "crmplus.core",
    "crmplus.customers",
    "crmplus.billing",
    "crmplus.approvals",
    "crmplus.keyaccounts",
    "crmplus.risk",
    "crmplus.workforce",
    "crmplus.seminars",
    "crmplus.engagement",
    "crmplus.techservices",
    "crmplus.surveys",
    "crmplus.reports",
    "crmplus.prospects",
    "crmplus.social",
    "crmplus.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crmplus.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "crmplus.core.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "crmplus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "crmplus.core.context_processors.crmplus",
                "crmplus.approvals.context_processors.approvals",
            ],
            "builtins": ["crmplus.core.templatetags.thai"],
        },
    }
]

# SQLite file by default (zero set-up); DATABASE_URL=postgres://... switches.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'crmplus.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("CRMPLUS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("CRMPLUS_LOGIN_COOLOFF_HOURS", "0.5"))
# Locked per username: offices sit behind shared NAT addresses, so locking an IP
# would lock a whole office out because of one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Session expiry after inactivity: the cookie age is renewed on every request.
SESSION_COOKIE_AGE = int(os.environ.get("CRMPLUS_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("CRMPLUS_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Thai first: Thai is the default language, English selectable per user.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "crmplus" / "locale"]
LANGUAGE_COOKIE_NAME = "crmplus_language"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The Sarabun TTFs come from the fontpkg-sarabun wheel and are served as-is.
SARABUN_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
STATICFILES_DIRS = [
    BASE_DIR / "crmplus" / "static",
    ("fonts/sarabun", SARABUN_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("CRMPLUS_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CRMPLUS_IMPORT_MAX_BYTES = int(os.environ.get("CRMPLUS_IMPORT_MAX_BYTES", str(512 * 1024 * 1024)))

# Background tasks: the database backend by default (worker: manage.py worker).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CRMPLUS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker that has not beaten for this long is reported as down by /health/.
# The worker enqueues the daily jobs (reminders, escalations, ledgers) every hour.
CRMPLUS_DAILY_JOBS = env_bool("CRMPLUS_DAILY_JOBS", True)
CRMPLUS_WORKER_STALE_SECONDS = int(os.environ.get("CRMPLUS_WORKER_STALE_SECONDS", "60"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "crmplus@localhost")

CRMPLUS_PAGE_SIZE = int(os.environ.get("CRMPLUS_PAGE_SIZE", "25"))
# The overview's counts are shared per home unit for this long (0 = always fresh).
CRMPLUS_OVERVIEW_CACHE_SECONDS = int(os.environ.get("CRMPLUS_OVERVIEW_CACHE_SECONDS", "60"))

# Per-process memory cache by default; REDIS_URL shares it between processes.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Absolute links in e-mails (approvals, reminders): the address users reach the site at.
CRMPLUS_BASE_URL = os.environ.get("CRMPLUS_BASE_URL", "http://127.0.0.1:8000")
