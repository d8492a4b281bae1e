"""Settings of the Reform Portal, read from the environment.

Every variable is listed in README.md ("Cấu hình"). With ``DJANGO_DEBUG`` off (the default) a
missing secret key or host list stops the process with a clear message instead of starting
half-configured.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the content of the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("DJANGO_TESTING", False)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (or DJANGO_SECRET_KEY_FILE) to a long random "
            "string, or set DJANGO_DEBUG=true for local development."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if DEBUG or TESTING:
        ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    else:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. List the host names the portal answers to, "
            "separated by commas (e.g. cchc.example.gov.vn), or set DJANGO_DEBUG=true."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "import_export",
    "axes",
    "csp",
    "localities",
    "spreadsheets",
    "accounts",
    "indicators",
    "initiatives",
    "assessment",
    "reform_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Hardening (reform_portal.middleware): 503 when the database does not answer, the
    # Content-Security-Policy (django-csp) and a Permissions-Policy.
    "reform_portal.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    "reform_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reform_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Bodies over the limit are refused from Content-Length, before the CSRF check reads them.
    "reform_portal.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Login throttling: after the authentication middleware.
    "axes.middleware.AxesMiddleware",
    # Whole public pages for visitors not signed in, until the data changes: after the
    # session, locale, authentication and messages middleware (reform_portal.page_cache).
    "reform_portal.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "reform_portal.urls"
WSGI_APPLICATION = "reform_portal.wsgi.application"

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
                "reform_portal.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL selects it; unset means the embedded SQLite file under var/.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # A server that does not answer fails fast (503 page) instead of holding the worker.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DJANGO_DB_CONNECT_TIMEOUT", 5)
        )
        if TESTING:
            # The suite's commits need not wait for the disk: a crash loses a test database.
            DATABASES["default"]["OPTIONS"].setdefault("options", "-c synchronous_commit=off")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",  # type: ignore[typeddict-item]  # stubs: str; a Path works
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
# Cache: what is the same for every visitor (catalogue facet counts, home, component labels),
# invalidated on write (initiatives.cache). Redis when REDIS_URL is set, shared by every
# worker; otherwise memory local to each process, where another worker sees a write within
# PORTAL_CACHE_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 300)
#: How long a public page is kept whole (reform_portal.page_cache); 0 renders every request.
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", CACHE_SECONDS)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "cchc"),
            "TIMEOUT": CACHE_SECONDS,
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failures for one username from one address lock it for
# 15 minutes; the tests switch it on where they test it.
AXES_ENABLED = env_bool("PORTAL_LOGIN_THROTTLING", not TESTING)
AXES_FAILURE_LIMIT = env_int("PORTAL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("PORTAL_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A lock runs out after the cool-off: failures during it are not counted and do not renew it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The lock is keyed on the real client address: the socket's, or, when the socket is one of
# PORTAL_TRUSTED_PROXIES (addresses or networks), the last untrusted X-Forwarded-For hop.
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "reform_portal.security.client_ip"
# Password reset e-mails per hour: to one account, and requests from one client address.
PORTAL_PASSWORD_RESET_PER_ACCOUNT = env_int("PORTAL_PASSWORD_RESET_PER_ACCOUNT", 3)
PORTAL_PASSWORD_RESET_PER_CLIENT = env_int("PORTAL_PASSWORD_RESET_PER_CLIENT", 10)
# Counters of the limits above live in the cache (CACHES): shared by every worker when
# REDIS_URL is set.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["reform_portal.formats"]

# Static and media files.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Uploaded files are never served as static files: views check who may read them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
if DEBUG or TESTING:
    # Local runs serve files straight from static/ (WhiteNoise finders); no collectstatic needed.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files
# Request bodies refused from their declared length before they are read
# (reform_portal.middleware.RequestSizeLimitMiddleware): anonymous visitors post small forms;
# signed-in users the submission form with up to 5 files of 10 MB (initiatives.forms); under
# /admin/, an import file (IMPORT_MAX_FILE_SIZE below) plus the form.
PORTAL_FORM_OVERHEAD = 1024 * 1024
PORTAL_ANONYMOUS_MAX_BODY_SIZE = env_int("PORTAL_ANONYMOUS_MAX_BODY_SIZE", 1024 * 1024)
PORTAL_UPLOAD_MAX_BODY_SIZE = 5 * 10 * 1024 * 1024 + PORTAL_FORM_OVERHEAD
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail: the console backend unless a server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("DJANGO_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cong-cchc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in env_list("DJANGO_ADMINS")]
#: The portal's public address, for the links in e-mails (which have no request to read it from).
SITE_URL = os.environ.get(
    "DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else ""
).rstrip("/")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"DJANGO_SITE_URL must start with https://, got {SITE_URL!r}")

# Security: strict by default outside DEBUG.
# Behind a proxy that sets X-Forwarded-Proto (deploy/nginx.conf): DJANGO_SECURE_PROXY_SSL_HEADER=
# HTTP_X_FORWARDED_PROTO. Unset, the header is ignored (a client could otherwise forge it).
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Flags on every cookie: session, CSRF and language (no script reads any of them).
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if TESTING:
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    LANGUAGE_COOKIE_SECURE = False

# Content-Security-Policy (django-csp): our own scripts and styles only, no inline code, no
# eval. PORTAL_CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
_CSP_REPORT_ONLY = env_bool("PORTAL_CSP_REPORT_ONLY", False)
CONTENT_SECURITY_POLICY = None if _CSP_REPORT_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if _CSP_REPORT_ONLY else None
PORTAL_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), midi=(), display-capture=(), "
    "interest-cohort=()"
)
# Seconds a client is told to wait (Retry-After) when the database does not answer.
PORTAL_RETRY_AFTER_SECONDS = 60

# Limits of the importers (bytes); see README.
IMPORT_MAX_FILE_SIZE = env_int("PORTAL_IMPORT_MAX_FILE_SIZE", 20 * 1024 * 1024)
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# The file kept between an import's preview and its confirmation is in the media storage
# (shared by every app server), not in one server's /tmp: the confirm may reach another one.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing creates and changes rows: it needs the model's "change" permission; exporting
# needs "view". (Without these, any staff account could import into any model.)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Error reports to ADMINS are sent by a background thread, never inside the request.
        "mail_admins": {
            "class": "reform_portal.error_mail.QueuedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
    },
}

# --- Open data API (/api/v1/, the `api` app): Django REST framework, drf-spectacular, CORS ----
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "corsheaders"]
INSTALLED_APPS.insert(INSTALLED_APPS.index("reform_portal"), "api")
# CORS answers first (before CommonMiddleware), only for /api/ and only for reading.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "api.cors.ReadOnlyCorsMiddleware"
)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
#: Requests per address to the API, as DRF writes rates: "60/min", "1000/hour".
API_RATE = os.environ.get("PORTAL_API_RATE", "60/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AddressRateThrottle"],
    # Proxies in front of the portal whose X-Forwarded-For is trusted (0: the peer's address).
    "NUM_PROXIES": env_int("PORTAL_API_PROXIES", 0),
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reform Portal open data API",
    "DESCRIPTION": "Chỉ số cấp tỉnh (PAR-Index, SIPAS, PAPI, PCI), đơn vị hành chính và sáng "
    "kiến CCHC đã duyệt; chỉ đọc. Read-only provincial indicators, units and approved initiatives.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
