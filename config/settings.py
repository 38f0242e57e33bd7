"""Shouwang settings: everything that differs between machines comes from the environment (config/env.py)."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab

from config.env import (
    celery_broker_from_redis_url,
    database_from_url,
    env_base_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# "production" demands every secret from the environment; "development" has safe local defaults.
SHOUWANG_ENV = env_str("SHOUWANG_ENV", "development")
PRODUCTION = SHOUWANG_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SECRET_KEY = (
    env_str("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789")
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "accounts.csrf.csrf_failure"  # a stale page, said in Chinese

INSTALLED_APPS = [
    # accounts before django.contrib.auth: its createsuperuser (refused in production) overrides Django's.
    "accounts",
    # The admin with our site: only the system admin enters (三权分立).
    "accounts.apps.ShouwangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "households",
    "screening",
    "workflow",
    "assistance",
    "alerts",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.request_guards.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.RequestContextMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PasswordPolicyMiddleware",
    # AxesMiddleware last: it turns a lockout into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL only (DESIGN.md "Runs"): the stack runner (config/stack.py) exports DATABASE_URL for the
# embedded server when the machine gives none.
DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shouwang"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "shouwang"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, but a disabled account with its right password is told so, not "wrong password".
    "accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},  # Django's, worded in Chinese
    # Length and character classes from the security admin's policy (accounts.SecurityPolicy, 8 and 3 by default).
    {"NAME": "accounts.passwords.MinimumLengthValidator"},
    {"NAME": "accounts.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login policy (MLPS level 3). These are the defaults; the security admin edits the live values
# (accounts.SecurityPolicy), which axes and the middleware read through accounts.policy.
AXES_FAILURE_LIMIT = "accounts.policy.axes_failure_limit"
AXES_COOLOFF_TIME = "accounts.policy.axes_cooloff_time"
# Failures count per account *and* source address: a stranger who types wrong passwords for an account locks it only
# from the stranger's address, and its owner still signs in from their office (review admins finding 4). An address
# alone would lock a whole township office behind one NAT address; the token endpoint is also throttled per address
# (accounts.api.TokenRateThrottle). The address is the one the audit log records (accounts.middleware.client_ip):
# X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies of ours, so a client cannot make up a new one per try.
# A second lock counts the account's failures from every address together, at a higher limit (SecurityPolicy
# .account_failure_limit, 15 by default: 3 addresses' worth), so one account guessed from many addresses locks too
# (MLPS level 3; accounts.axes_handler, which axes cannot do with one limit for both).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.axes_handler.AccountLockHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.middleware.client_ip"
# axes keeps the POST of a failed attempt; the password page's fields (accounts.password_checks) are masked too.
AXES_SENSITIVE_PARAMETERS = ["old_password", "new_password1", "new_password2"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
# An attempt during the lock is refused unrecorded: the lock lasts the minutes the page states from the failure that
# set it (not from the latest retry), and the audit log tells a refused attempt from a failed one (accounts.lockouts).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
SECURITY_DEFAULT_PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
SECURITY_DEFAULT_FAILURE_LIMIT = 5
SECURITY_DEFAULT_ACCOUNT_FAILURE_LIMIT = 15
SECURITY_DEFAULT_LOCKOUT_MINUTES = 30
SECURITY_DEFAULT_IDLE_MINUTES = 30
SECURITY_DEFAULT_PASSWORD_MIN_LENGTH = 8
SECURITY_DEFAULT_PASSWORD_MIN_CLASSES = 3
SECURITY_DEFAULT_PASSWORD_HISTORY_SIZE = 5
SECURITY_DEFAULT_TOKEN_HOURS = 24  # API tokens expire (accounts.authentication); the security admin may change it
# 可疑登录 (accounts.login_spread): the lock above counts per account and address, so the security admin is told
# when within the window one account fails from this many addresses (a guesser moving on before each lock), or one
# address fails against this many accounts (a few passwords tried on each). A township office behind one NAT address
# sees a few mistyped passwords of its staff in an hour, hence more accounts than addresses.
SECURITY_SPREAD_WINDOW_MINUTES = env_int("SECURITY_SPREAD_WINDOW_MINUTES", 60)
SECURITY_SPREAD_ADDRESSES = env_int("SECURITY_SPREAD_ADDRESSES", 5)
SECURITY_SPREAD_ACCOUNTS = env_int("SECURITY_SPREAD_ACCOUNTS", 8)
# Revealing a masked ID number (households.services.reveal): each one asks for a reason, and one account reveals at
# most this many a day (local day, reset at midnight); reaching the cap is told to the security admin.
ID_REVEAL_DAILY_LIMIT = env_int("ID_REVEAL_DAILY_LIMIT", 20)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The server keeps a session at most this long after its last request; the security policy's idle timeout (5–60
# minutes, accounts.middleware.IdleTimeoutMiddleware) ends it sooner. The cookie itself ends with the browser.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True  # sliding expiry: the idle timeout counts from the last request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Our wording of a few of Django's own messages (locale/zh_Hans: duplicates, invalid choices).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

REST_FRAMEWORK = {
    # The token first: a request with no credentials then gets 401 with WWW-Authenticate (DRF answers 403 when
    # the first class is the session's, which names no scheme), so a client knows to fetch a token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "accounts.csrf.SessionAuthentication",  # DRF's, refusing a missing CSRF token in Chinese
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["config.api.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",  # Meta.role_fields: left out for some roles
    # JSON only, in Chinese (config.api_rendering): no English browsable API; the schema's own page documents it.
    "DEFAULT_RENDERER_CLASSES": ["config.api_rendering.JSONRenderer"],  # times in +08:00
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api_rendering.JsonNegotiation",
    "DEFAULT_METADATA_CLASS": "config.api_rendering.ChineseMetadata",
    "VIEW_NAME_FUNCTION": "config.api_rendering.view_name",  # OPTIONS: 农户列表, not "Household List"
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # Every endpoint (config.throttling): per account, and per source address before logging in; 429 with
    # Retry-After beyond. Generous: a person at work never meets it, a runaway script does.
    "DEFAULT_THROTTLE_CLASSES": ["config.throttling.UserRateThrottle", "config.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_USER_RATE", "600/minute"),
        "anon": env_str("API_ANON_RATE", "60/minute"),
        # Per source address (accounts.api.TokenRateThrottle): a script needs a token once a day (token_hours).
        "auth_token": env_str("AUTH_TOKEN_RATE", "10/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "守望 防止返贫动态监测和帮扶 API",
    "DESCRIPTION": (
        "县级防止返贫动态监测和帮扶平台接口。所有数据按用户的区划范围过滤。"
        "请求体中本接口没有的字段（如拼写有误）返回400并指明该字段，不会被忽略。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's error answers (400, 401, 403, 404, 409, 429), documented once (config.api_schema).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.api_schema.error_responses"],
    # Several models have a "status" or "kind": name each code list once so the schema's enums stay readable.
    "ENUM_NAME_OVERRIDES": {
        "RiskTypeEnum": "households.choices.RiskType",
        "ScreeningResultStatusEnum": "screening.choices.ResultStatus",
        "ScreeningRunStatusEnum": "screening.choices.RunStatus",
        "ScreeningRunKindEnum": "screening.choices.RunKind",
        "ProblemStatusEnum": "screening.choices_campaigns.ProblemStatus",
        "RegistryImportStatusEnum": "households.models.RegistryImport.Status",
        "AlertOutcomeEnum": "alerts.choices.AlertOutcome",
        "UnregisteredOutcomeEnum": "alerts.choices.UnregisteredOutcome",
        "AlertStatusEnum": "alerts.choices.AlertStatus",
        "FeedUploadStatusEnum": "alerts.choices.UploadStatus",
        "StepOutcomeEnum": "workflow.choices.Outcome",
        "MonitoringCategoryEnum": "households.choices.MonitoringCategory",
        "BatchDecisionEnum": "workflow.models.batches.BatchDecision",
        "ComparisonDecisionEnum": "workflow.choices_comparisons.ComparisonDecision",
        "ExclusionKindEnum": "screening.choices.ExclusionKind",
        "HealthEnum": "households.choices.Health",
        "DisabilityGradeEnum": "households.choices.DisabilityGrade",
        "LabourCapacityEnum": "households.choices.LabourCapacity",
        "AccountGrantFieldEnum": "accounts.approvals.GRANT_LABELS.items",
        "CaseChannelEnum": "workflow.choices.Channel",
        # A case's status is read by the list's Case and the detail's CaseDetail (workflow.api_exit_evidence).
        "CaseStatusEnum": "workflow.choices.CaseStatus",
        # An alert's level is read by Alert and by the verification's answer, VerifiedAlert (alerts.api_verified).
        "AlertLevelEnum": "alerts.choices.AlertLevel",
    },
}

CELERY_BROKER_URL = celery_broker_from_redis_url(REDIS_URL)
# The queue tasks are sent to and workers take them from. The tests' own workers use a queue of their own
# (tests/conftest.py), so that a worker of `make run` on the same Redis never takes a test's task and runs it
# against the development database.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds a background ledger export may run (its task's soft time limit; its statements get half of it): a run that
# hangs ends as 生成超时 instead of showing 生成中 for ever (reports/tasks.py). The largest county ledger takes ~35 s.
REPORTS_EXPORT_TIME_LIMIT = env_int("REPORTS_EXPORT_TIME_LIMIT", 600)
# Seconds a department feed's ingestion may run (its task's soft time limit; its statements get half of it): a run that
# hangs ends as 处理超时 instead of showing 处理中 for ever (alerts.ingest.runs). A million-row file takes ~5 s here.
ALERTS_INGEST_TIME_LIMIT = env_int("ALERTS_INGEST_TIME_LIMIT", 1800)
CELERY_BEAT_SCHEDULE = {
    # Generated ledgers hold personal data: hourly, delete the files whose download link expired (reports.services).
    "reports-expire-ledger-exports": {"task": "reports.tasks.expire_ledger_exports", "schedule": crontab(minute=40)},
    # Background ledger exports whose message was lost or whose run died or gave up (too many clients): queued
    # again a few times, then marked failed with a reason the user reads (reports/services/export_sweep.py).
    "reports-requeue-stalled-exports": {
        "task": "reports.tasks.requeue_stalled_exports",
        "schedule": crontab(minute="*/2"),
    },
    # 004 §(五) "村每月、镇每季" screening rests on a nightly whole-county run of the rules (screening/engine.py).
    "screening-nightly": {
        "task": "screening.tasks.screen_county",
        "schedule": crontab(hour=2, minute=0),
        "kwargs": {"kind": "nightly"},
    },
    # Sessions past their idle timeout are deleted nightly so the table does not grow without bound.
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=24),
    },
    # A publicity whose end date has passed with no open or upheld objection is passed by the system (系统自动),
    # so cases do not wait on a cadre to click; hourly, a bounded batch per run (workflow/services/deadlines.py).
    "workflow-complete-due-publicity": {
        "task": "workflow.tasks.complete_due_publicity",
        "schedule": crontab(minute=15),
    },
    # Overdue cases (past the procedure's limit, publicity past its end, owed green-channel steps) are reminded
    # once a day, before office hours; a claim per case keeps it to one reminder a day (services/reminders.py).
    "workflow-send-overdue-reminders": {
        "task": "workflow.tasks.send_overdue_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Files kept across a form's error (households PendingUpload: meeting minutes, visit photos) older than a day:
    # file and row deleted hourly, a bounded batch per run, even when no one keeps another file
    # (households/services/pending_uploads.py).
    "workflow-purge-pending-uploads": {
        "task": "workflow.tasks.purge_pending_uploads",
        "schedule": crontab(minute=50),
    },
    # Department feeds (alerts/services/due.py): late feeds (001 §二(四) 不得迟报、漏报), overdue alert verifications
    # escalated village → township → county, and uploads whose worker died; bounded batches, every 10 minutes.
    "alerts-what-is-due": {
        "task": "alerts.tasks.what_is_due",
        "schedule": crontab(minute="*/10"),
    },
}

# Production hardening (python manage.py check --deploy is clean with SHOUWANG_ENV=production).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many reverse proxies of ours stand in front of the web server: the public self-application pages take the
# client address from X-Forwarded-For only then (workflow/throttle.py); 0 = REMOTE_ADDR, which nobody can forge.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# The address farmers' phones reach the public self-application pages by (https://shouwang.example.gov.cn), printed
# on the village QR posters (workflow/public_address.py). Empty: the address the cadre printing the poster browses
# from, which on the 政务外网 is an intranet address a phone cannot open (the poster page then warns).
SHOUWANG_PUBLIC_BASE_URL = env_base_url("SHOUWANG_PUBLIC_BASE_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

DEMO_PASSWORD = "Shouwang@2026"
