"""gunicorn settings for the production image (Dockerfile, docker-compose.yml): gunicorn -c config/gunicorn.py."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Ledgers and printable notices are built in the request; anything slower belongs in a Celery task.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
