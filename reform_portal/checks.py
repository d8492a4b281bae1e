"""Configuration sanity as system checks, so `manage.py check --deploy` tells what is wrong."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_production_configuration(app_configs, **kwargs):
    messages = []
    if not settings.DEBUG and "sqlite3" in settings.DATABASES["default"]["ENGINE"]:
        messages.append(
            Warning(
                "DATABASE_URL is not set: production runs on the embedded SQLite file.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="reform_portal.W001",
            )
        )
    if not settings.SITE_URL:
        messages.append(
            Warning(
                "DJANGO_SITE_URL is not set: e-mails would carry links without the site address.",
                hint="Set DJANGO_SITE_URL=https://cchc.example.gov.vn.",
                id="reform_portal.W002",
            )
        )
    if "insecure" in settings.SECRET_KEY and not settings.DEBUG:
        messages.append(
            Error(
                "DJANGO_SECRET_KEY is the development key.",
                hint="Set DJANGO_SECRET_KEY to a long random string.",
                id="reform_portal.E001",
            )
        )
    if not settings.DEBUG and "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Error(
                "DJANGO_ALLOWED_HOSTS contains '*': the portal would answer to any Host header "
                "(password-reset links and redirects could point elsewhere).",
                hint="List the portal's host names: DJANGO_ALLOWED_HOSTS=cchc.example.gov.vn.",
                id="reform_portal.E002",
            )
        )
    return messages
