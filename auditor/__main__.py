"""`python -m auditor` is the `auditor` command."""

from .cli import run

run()
