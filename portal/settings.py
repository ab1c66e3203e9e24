"""Settings for the GFMD Portal.

Every setting comes from the environment; the defaults give the embedded set-up
(SQLite file and e-mail files under var/, DEBUG off). The README lists each variable.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key(production: bool) -> str:
    """SECRET_KEY from the environment, else (outside production) one generated once and kept in var/.

    In production (SECURE=1) the environment must give it: sessions and e-mailed links are signed
    with it, so every app server needs the same key, and a file generated on each would differ."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    if production:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With SECURE=1 (production) it must come from the environment, the same on"
            ' every app server; generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key(production=env_bool("SECURE", False))
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The licence of the open data (exports, API, catalogue). CC BY 4.0 is the default, to be confirmed by
# the GFMD Support Unit: no licence is decided in the project yet.
DATA_LICENSE_URL = os.environ.get("DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
DATA_LICENSE_NAME = os.environ.get("DATA_LICENSE_NAME", "CC BY 4.0")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)
# Behind one proxy of our own (the load balancer): trust the X-Forwarded-Proto it sets and the
# address it appends to X-Forwarded-For, and nothing a client wrote before it.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "simple_history",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal.core",
    "portal.accounts",
    "portal.countries",
    "portal.forum",
    "portal.practices",
    "portal.legacy",
    "portal.exports",
    "portal.seed",
    "portal.subscriptions",
    "portal.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.RequestSizeLimitMiddleware",  # before anything reads the body
    "portal.core.middleware.RejectNulMiddleware",  # 400 for %00 in the address or a form, before any view
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, locale and CSRF: a cached page is answered without any of them.
    "portal.core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.core.middleware.CurrentSiteRootMiddleware",  # links in e-mails sent now point where the request came
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.middleware.RequireMFAForStaffMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.core.middleware.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "portal.core.middleware.AdminBadLookupMiddleware",  # last: it sees the admin's errors first
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.core.languages.language_links",
                "portal.core.seo.page_addresses",
            ],
        },
    },
]

# A kept connection (CONN_MAX_AGE) is checked before each request reuses it: after a database restart
# the first request gets a new connection instead of an error (bench/faults.py measures it).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under load. WAL: readers never wait for a writer, nor a writer for readers.
    # A writer waits up to `timeout` seconds for another one instead of failing at once; IMMEDIATE
    # takes the write lock when a transaction begins, so that a transaction which read first does not
    # fail with "database is locked" when it comes to write (SQLite cannot wait for that upgrade).
    # synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commits, never the file).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
# PostgreSQL: with DATABASE_PREPARED_STATEMENTS=1 the parameters travel apart from the SQL, and a
# statement run five times on a kept connection (CONN_MAX_AGE > 0) becomes a prepared statement,
# parsed once and planned by PostgreSQL's plan cache. Leave it off behind a pooler in transaction
# mode (PgBouncer) unless the pooler supports prepared statements.
if env_bool("DATABASE_PREPARED_STATEMENTS", False):
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Accounts (django-allauth): sign-in by e-mail address, verified before first use; TOTP for staff.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in attempts from a locked-out address or account
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupForm"  # the name, organisation and country
# allauth's own forms, their e-mail field labelled in the portal's words (label and placeholder agree)
ACCOUNT_FORMS = {
    "login": "portal.accounts.entrance_forms.LoginForm",
    "signup": "portal.accounts.entrance_forms.SignupForm",
}
ACCOUNT_USER_DISPLAY = "portal.accounts.models.own_name"  # allauth's pages greet people by name, not username
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "GFMD Portal: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SECURE", False) else "http"
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures, that account from that address waits.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Second-factor codes (TOTP and recovery codes) lock out like passwords: allauth counts them ("login_failed",
# in the cache) per account, AXES_FAILURE_LIMIT per cool-off, and per address, four times that (several people
# may share one). Passwords stay with axes alone (portal.accounts.adapter skips allauth's count of them).
_COOLOFF_SECONDS = int(AXES_COOLOFF_TIME * 3600)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{4 * AXES_FAILURE_LIMIT}/{_COOLOFF_SECONDS}s/ip,{AXES_FAILURE_LIMIT}/{_COOLOFF_SECONDS}s/key"
}
# The address a lockout counts: REMOTE_ADDR, or behind our proxy the entry it appended to X-Forwarded-For.
# (Axes reads its AXES_IPWARE_* settings only when django-ipware is installed; without it, REMOTE_ADDR alone,
# which behind a load balancer is the balancer's, so one person's failures would lock everyone out.)
AXES_CLIENT_IP_CALLABLE = "portal.core.middleware.client_address"
# allauth's own rate limits (sign-up, password reset, ...) count by address too: the same single proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_PROXY else 0
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GFMD Portal"
# Staff are created by administrators (createsuperuser, the admin), often with an address no one verified
# through the portal; they must still be able to turn on TOTP.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Background work (django-tasks): the database queue and its worker (manage.py db_worker).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface in three languages: English at the unprefixed URLs, French under /fr/, Spanish under /es/.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
# The feeds' XSL stylesheet (static/feeds/atom.xsl): WhiteNoise's own table of types has no .xsl and
# would send application/octet-stream, which a browser must not apply as XSLT under nosniff.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The portal serves /media/ itself (portal.lib.media) unless in production, where the web server in
# front or S3 serves the uploads (docs/deploy.md). SERVE_MEDIA=1 forces it on behind SECURE=1.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not env_bool("SECURE", False))
STORAGES = {
    "default": (
        # Uploaded media on S3-compatible storage when a bucket is named (django-storages); else on local disk.
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["MEDIA_S3_BUCKET"],
                "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("MEDIA_S3_REGION") or None,
                "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
                "default_acl": None,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        }
        if os.environ.get("MEDIA_S3_BUCKET")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def redis_cache(url: str) -> dict:
    """The cache that every process shares. django-redis keeps one Redis client per process, where
    Django's own backend builds a new one for every operation, which costs more than the operation
    (bench/RESULTS.md, 2026-12-06). redis-py waits 5 s by default: with Redis unreachable, every page
    would wait that long before being served uncached (page_cache.py); Redis answers within milliseconds."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }


CACHES = {
    "default": (
        redis_cache(os.environ["REDIS_URL"])
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous visitors' pages are cached this long (0 turns it off); any change to the record refreshes them.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The parts of pages that everyone shares, signed-in people included (portal.core.fragments), for as
# long. Only with a cache that every process shares (Redis): a cache of one process's memory would
# show an editor an old record for minutes after a change made through another process.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", bool(os.environ.get("REDIS_URL")))

# E-mail: message files under var/mail/ unless an SMTP host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GFMD Portal <portal@localhost>")

# Security headers. HTTPS-only settings switch on with SECURE=1 (production).
SECURE = env_bool("SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

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

# The REST API (/api/v1/): read for everyone, writes for editors with a token; anonymous reads rate-limited.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The API's endpoints name these themselves (portal.api.views.PortalAPIMixin); the defaults hold them
    # for anything else REST framework serves (the schema, its docs): no Basic authentication, which would
    # take a password without the second factor; staff without one refused; one JSON parser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.SecondFactorForStaff"],
    "DEFAULT_PARSER_CLASSES": ["portal.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    # Trust X-Forwarded-For only from our own proxy, or anyone could dodge the anonymous rate limit.
    # NUM_PROXIES=1 takes its rightmost entry, as portal.core.middleware.client_address does for axes.
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GFMD Portal API",
    "DESCRIPTION": "Open data of the Global Forum on Migration and Development portal.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SERIALIZATION_MODULES = {"fulljson": "portal.core.serializers"}

# Request size limits: a form post (without files) and a file kept in memory before going to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Any request body (portal.core.middleware.RequestSizeLimitMiddleware answers 413 before reading it).
# The largest a form needs is a practice with its image (2 MB, practices/images.py) and its texts
# (at most DATA_UPLOAD_MAX_MEMORY_SIZE): 10 MiB leaves room for both.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(10 * 1024 * 1024)))

# Upper bound for an imported page (manage.py import_page).
IMPORT_PAGE_MAX_BYTES = int(os.environ.get("IMPORT_PAGE_MAX_BYTES", str(2 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
