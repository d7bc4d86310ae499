"""`python -m auditor` is the `auditor` command."""

from .cli_fast import run

run()
