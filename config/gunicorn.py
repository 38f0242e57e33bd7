"""gunicorn settings for the production image (Dockerfile, docker-compose.yml): gunicorn -c config/gunicorn.py."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Ledgers and printable notices are built in the request; anything slower belongs in a Celery task.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
# The path without its query string, and no Referer: an ID number typed into a list's search box travels in the
# query string (and the next page's Referer repeats it); an access log is no place for it. The time taken in ms.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
