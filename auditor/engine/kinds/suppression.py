"""`suppression`: rules about suppression directives themselves (unused, without a
reason, malformed). Evaluation yields nothing; `auditor.articles.suppressions`
raises these findings after the other rules ran, since only then is it known
which directives were used."""

from __future__ import annotations

from typing import Iterable

from ..context import Context, Hit


def check(rule, context: Context) -> Iterable[Hit]:
    return ()
