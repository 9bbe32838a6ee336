"""The process: ``nianbao-lint`` and ``python -m linter`` start here.

What must happen before the command line's modules are imported happens first, then the command
(:func:`linter.cli.main`), then a fast exit once everything is written.
"""

from __future__ import annotations

import gc
import os
import sys


def run() -> None:
    """Console-script entry point."""
    # Start-up allocates many long-lived objects (modules, grammar, packs, compiled patterns):
    # collecting while they are made finds nothing to free (``check`` turns collection back on).
    gc.disable()
    from linter import click_zh, regex_cache

    regex_cache.install()
    click_zh.install()  # before the options are declared: no catalog searched for their words
    from linter.cli import EXIT_CLEAN, main

    if os.name == "nt":
        import colorama

        colorama.just_fix_windows_console()
    _safe_streams()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = code or EXIT_CLEAN
    regex_cache.save()
    # Everything is written: skip the interpreter's teardown of every module and object.
    os._exit(code)


def _safe_streams() -> None:
    """A terminal or pipe whose encoding cannot hold Chinese (cp1252, ASCII) gets escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
