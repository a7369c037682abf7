"""Configuration defaults. Every key can be overridden with a WELTOFFEN_ environment
variable (`app.config.from_prefixed_env("WELTOFFEN")`), e.g. WELTOFFEN_SECRET_KEY."""

from datetime import timedelta


class Defaults:
    #: Must be set in production (WELTOFFEN_SECRET_KEY); debug and demo create one in instance/.
    SECRET_KEY = None
    #: SQLAlchemy URL; empty means the SQLite file instance/weltoffen.db.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: A PostgreSQL streaming replica some read-only pages read from (weltoffen/platform/db/replica.py).
    REPLICA_URL = ""
    #: Seconds after a person's own write during which they read from the primary only.
    REPLICA_GRACE_SECONDS = 10
    #: Demo mode: banner on every page, demo data and logins.
    DEMO = False
    DEMO_PASSWORD = "demo-weltoffen"  # noqa: S105 - the documented demo password

    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: None means: Secure unless debug, demo or testing.
    SESSION_COOKIE_SECURE = None
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 12 * 3600

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    #: Flask-Limiter storage: memory:// by default, e.g. redis://127.0.0.1:6379/0 in production.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"

    #: Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = 0

    #: SMTP. Without MAIL_SERVER, in demo and development mode every message is printed
    #: in full to the terminal and kept in MAIL_OUTBOX (default: the instance folder's
    #: "outbox"), shown to admins at /admin/outbox; in production it is logged as not sent.
    MAIL_SERVER = ""
    MAIL_OUTBOX = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_FROM = "weltoffen <noreply@weltoffen.invalid>"
    MAIL_TIMEOUT = 10

    INVITATION_DAYS = 7
    PASSWORD_RESET_MINUTES = 60
    PASSWORD_MIN_LENGTH = 10

    #: Base64 of 32 bytes; without it a key file is created in the instance folder.
    INCIDENT_KEY = ""
    #: Base64 of at least 32 bytes: the audit log's MAC key is derived from it (HKDF);
    #: without it, from the incident key. Never stored in the database (weltoffen/audit/).
    AUDIT_KEY = ""
    #: Closed incidents are destroyed (crypto-shredded) this many days after closing (5 years).
    INCIDENT_RETENTION_DAYS = 1826
    #: `flask incidents remind` e-mails the reporter this many days before a deadline (once each).
    INCIDENT_REMINDER_DAYS = (14, 3)
    #: The network's own contact for officials facing hostility, shown in the help panel.
    INCIDENT_NETWORK_CONTACT = "kontakt@weltoffen.invalid"

    #: Public address of the app, for links in e-mails sent by cron jobs.
    BASE_URL = "http://127.0.0.1:5000"
    #: The address printed in lottery letters and their QR codes; empty: this request's host.
    PUBLIC_BASE_URL = ""
    #: Upload limit for the municipality CSV import.
    IMPORT_MAX_BYTES = 2 * 1024 * 1024

    #: Logs: "plain" (Python's default) or "json" (one object per line, with the request id).
    LOG_FORMAT = "plain"
    LOG_LEVEL = "INFO"
    #: /healthz fails when the upload folder has less free space than this (0: not checked).
    HEALTHZ_MIN_FREE_BYTES = 0
    #: Where `flask backup` writes its archives without --to; empty: instance/backups.
    BACKUP_FOLDER = ""

    #: Folder for uploaded files (forum attachments, incident evidence); empty: instance/uploads.
    UPLOAD_FOLDER = ""
    #: Where background jobs wait (platform/jobs.py): "" for instance/jobs.sqlite3,
    #: redis://… or postgresql://….
    JOBS_URL = ""
    #: A public process page is answered from memory for this many seconds before the
    #: database is asked again (the pages allow shared caches 300 seconds anyway).
    DIALOGUE_PUBLIC_FRESH_SECONDS = 10
    #: The coordinators' overview likewise (its figures change with the next look after that).
    DIALOGUE_OVERVIEW_FRESH_SECONDS = 10
    #: The population register extract of a lottery (400,000 adults are about 40 MB).
    LOTTERY_REGISTER_MAX_BYTES = 64 * 1024 * 1024
    #: Forum attachments: images (PNG, JPEG, GIF, WebP) and PDF up to this size.
    FORUM_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    #: Incident evidence (images, PDF, e-mails, audio): at most this many bytes per file
    #: (a whole request stays under MAX_CONTENT_LENGTH).
    INCIDENT_EVIDENCE_MAX_BYTES = 15 * 1024 * 1024
    #: Edits within this many seconds after posting leave no history.
    FORUM_EDIT_GRACE_SECONDS = 300
    #: Reports by this many different people hide a post until a moderator decides.
    FORUM_REPORT_HIDE_THRESHOLD = 3
    #: Accounts younger than this many days count as new (Discourse's trust level 0).
    FORUM_NEW_ACCOUNT_DAYS = 2
    FORUM_NEW_ACCOUNT_MAX_LINKS = 2
    FORUM_NEW_ACCOUNT_MAX_MENTIONS = 2
    #: Seconds a user must wait between two posts, and between two new topics.
    FORUM_SECONDS_BETWEEN_POSTS = 5
    FORUM_SECONDS_BETWEEN_TOPICS = 15
    #: The same text posted again by the same user within this window is refused.
    FORUM_DUPLICATE_WINDOW_SECONDS = 300
    #: Flask-Limiter limit on search-as-you-type routes (per user; a request per pause in typing).
    SEARCH_RATE_LIMIT = "120 per minute;2000 per hour"
    #: Flask-Limiter limit on posting routes (per user).
    FORUM_POST_RATE_LIMIT = "20 per minute;200 per day"
