#!/usr/bin/env python
import os
import sys


def _hvc_run_settings_alias(argv: list[str]) -> list[str]:
    """`hvc_run --settings FILE` names a rules file (its documented interface), not Django's
    settings module, which Django would otherwise try to import from that path."""
    if len(argv) < 2 or argv[1] != "hvc_run":
        return argv
    return [
        "--rules" if a == "--settings" else a.replace("--settings=", "--rules=", 1) for a in argv
    ]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(_hvc_run_settings_alias(sys.argv))
