#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Read the settings now: Django would otherwise hide a configuration error behind an
    # unrelated one ("Models aren't loaded yet") for most commands.
    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 — the access is what loads the settings
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
