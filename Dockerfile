# Shouwang production image: gunicorn serves Django (static files through whitenoise); the same image runs the
# Celery worker and beat (docker-compose.yml). PostgreSQL and Redis are separate services.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SHOUWANG_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Static files are collected (hashed and compressed) into the image. Settings demand a secret key in
# production; this one exists only for this build step and is never used at run time.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-not-a-secret python manage.py collectstatic --noinput

# Run as an unprivileged user. Uploaded files (MEDIA_ROOT, a volume shared by web and worker) and beat's
# schedule file (var/) are the only places it writes.
RUN groupadd --system shouwang \
    && useradd --system --gid shouwang --home-dir /app --no-create-home shouwang \
    && mkdir -p /app/media /app/var \
    && chown shouwang:shouwang /app/media /app/var
USER shouwang

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["python", "scripts/healthcheck.py"]
# 3 workers by default (GUNICORN_WORKERS), see config/gunicorn.py.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
