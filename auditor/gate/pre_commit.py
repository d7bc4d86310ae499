"""The pre-commit hook's entry point: `auditor check` on the files of a commit.

pre-commit installs the hook with `pip install .` from its own clone of this
repository. The rule packs live in `rules/` at the repository root, which a
non-editable install does not carry, so when the installed package cannot find
them this points it at the clone, which pre-commit keeps beside the hook's
environment (`<clone>/py_env-*/`). When the packs are found anyway (an editable
install, AUDITOR_RULES set), nothing changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _rules_beside_environment() -> Path | None:
    candidate = Path(sys.prefix).resolve().parent / "rules"
    return candidate if (candidate / "core" / "pack.yaml").is_file() else None


def main(argv: list[str] | None = None) -> int:
    from ..engine.ruleset import rules_dir

    if "AUDITOR_RULES" not in os.environ and not (rules_dir() / "core").is_dir():
        found = _rules_beside_environment()
        if found is not None:
            os.environ["AUDITOR_RULES"] = str(found)
    from ..cli import main as cli_main

    return cli_main(["check", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
