# syntax=docker/dockerfile:1
# Reform Portal: multi-stage image. Build: wheels and compiled assets; run: slim, non-root.
# In production it runs behind nginx: docker-compose.yml and deploy/ (see README).

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# Translations and static files are built into the image; migrations run at start.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    python manage.py compilemessages --ignore=/opt/venv -v0 \
 && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v0

FROM python:3.11-slim AS run
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DJANGO_STATIC_ROOT=/app/staticfiles DJANGO_VAR_DIR=/var/lib/reform-portal \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system portal && useradd --system --gid portal --home /app portal \
 && mkdir -p /var/lib/reform-portal/media /app/staticfiles-shared \
 && chown -R portal:portal /var/lib/reform-portal /app/staticfiles-shared
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=portal:portal /app /app
WORKDIR /app
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "/app/reform_portal/healthcheck.py"]
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py apply_unit_changes -v0 && exec gunicorn -c gunicorn.conf.py reform_portal.wsgi"]
