#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reform_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Read the settings first: Django's own runner keeps a settings error aside and, for a
        # command that needs the models, fails later with an unrelated "Models aren't loaded".
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # Half-configured settings: one clear line instead of a traceback (see README).
        sys.stderr.write(f"Cấu hình chưa đủ / configuration incomplete: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
