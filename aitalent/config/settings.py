"""The one settings module. Environments differ only by environment variables (see .env.example)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from aitalent.config import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent  # the `aitalent` package
REPO_DIR = BASE_DIR.parent

env = environ.Env()

DATA_DIR = Path(env.str("AITALENT_DATA_DIR", default=str(REPO_DIR / "var"))).expanduser().resolve()
DEBUG = env.bool("AITALENT_DEBUG", default=False)


def dev_secret_key(data_dir: Path) -> str:
    """Development only: generate a key once and keep it in the data dir so sessions survive."""
    if not DEBUG:
        sys.exit(
            "AITALENT_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set AITALENT_DEBUG=true for local development."
        )
    path = data_dir / "secret_key"
    if not path.exists():
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        except OSError as exc:
            sys.exit(f"Cannot write the development secret key to {path}: {exc.strerror}")
    return path.read_text().strip()


SECRET_KEY = env.str("AITALENT_SECRET_KEY", default="") or dev_secret_key(DATA_DIR)
ALLOWED_HOSTS = env.list("AITALENT_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("AITALENT_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("AITALENT_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("AITALENT_SITE_NAME", default="AI Talent Exchange")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "procrastinate.contrib.django",
    "aitalent.core",
    "aitalent.accounts",
    "aitalent.activity",
    "aitalent.notifications",
    "aitalent.people",
    "aitalent.messaging",
    "aitalent.search",
    "aitalent.forum",
    "aitalent.knowledge",
    "aitalent.events",
    "aitalent.competitions",
    "aitalent.projects",
    "aitalent.courses",
    "aitalent.recommendations",
    "aitalent.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aitalent.core.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]
# A blocked request answers 429 with Retry-After (django-ratelimit raises; the middleware renders).
RATELIMIT_VIEW = "aitalent.core.views.rate_limited"

ROOT_URLCONF = "aitalent.config.urls"
WSGI_APPLICATION = "aitalent.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aitalent.core.context_processors.site",
                "aitalent.notifications.context_processors.bell",
            ],
        },
    }
]

# Database: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR/pgdata (started lazily).
_database_url = env.str("DATABASE_URL", default="")
if _database_url:
    DATABASES = {"default": env.db_url_config(_database_url)}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {"default": embedded_db.django_settings(DATA_DIR)}
DATABASES["default"]["TEST"] = {"NAME": env.str("AITALENT_TEST_DATABASE", default="test_aitalent")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared between processes (rate limits rely on it). Database by default, Redis if given.
_redis_url = env.str("REDIS_URL", default="")
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "aitalent_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# allauth: e-mail login, mandatory verification, handle as "username", re-auth to change e-mail.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "handle"
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "aitalent.accounts.validators.handle_validators"
ACCOUNT_USERNAME_BLACKLIST = [
    "admin",
    "staff",
    "support",
    "api",
    "static",
    "media",
    "root",
    "me",
    "mentions",
]
ACCOUNT_EMAIL_VERIFICATION = env.str("AITALENT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "aitalent.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "aitalent.accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
USERSESSIONS_TRACK_ACTIVITY = True

# E-mail: console in development, any SMTP URL via AITALENT_EMAIL_URL (smtp+tls://user:pw@host:587).
_email_url = env.str("AITALENT_EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(_email_url))
DEFAULT_FROM_EMAIL = env.str(
    "AITALENT_DEFAULT_FROM_EMAIL", default="AI Talent Exchange <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Notifications queue e-mails unless this is off; `aitalent seed` turns it off while it runs
# (demo members' addresses are made up). Not an environment setting.
NOTIFICATIONS_SEND_EMAIL = True

# i18n: English and Simplified Chinese; each member's language and timezone apply to every page.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Security: secure by default outside DEBUG; a TLS-terminating proxy sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("AITALENT_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("AITALENT_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("AITALENT_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("AITALENT_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap and KaTeX set inline style attributes; scripts stay strictly same-origin.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Video players, only after a click on the page's play button (knowledge.embeds).
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.bilibili.com"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "aitalent.core.api.CursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "aitalent.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "aitalent.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["aitalent.core.api.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "write": env.str("AITALENT_API_WRITE_RATE", default="120/min"),
        "auth": env.str("AITALENT_API_AUTH_RATE", default="10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Talent Exchange API",
    "DESCRIPTION": "REST API of AI Talent Exchange. Send `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("kind", "status") across apps get explicit names.
    "ENUM_NAME_OVERRIDES": {
        "ResourceKindEnum": "aitalent.knowledge.models.Resource.Kind",
        "ResourceStatusEnum": "aitalent.knowledge.models.Resource.Status",
        "ThreadStatusEnum": "aitalent.forum.models.Thread.Status",
        "TopicKindEnum": "aitalent.core.models.Topic.Kind",
    },
}

# Background jobs (procrastinate, in PostgreSQL).
PROCRASTINATE_WORKER_DEFAULTS = {"concurrency": env.int("AITALENT_WORKER_CONCURRENCY", default=2)}
WORKER_HEARTBEAT_STALE_SECONDS = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("AITALENT_LOG_LEVEL", default="INFO")},
    "loggers": {
        "procrastinate": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        "jieba": {"level": "WARNING"},
    },
}
