"""The recorded output the golden test compares with: `auditor check --format jsonl`
over a generated archive (bench/corpus.py: 400 Markdown and HTML articles, each with
an image, some AI-marked, disclosed or not, some agency copy) and over the fixture
cases. Speed work must leave every byte of it alone; a change that alters findings
on purpose records them again, and the diff of tests/data/golden/ shows what changed:

    .venv/bin/python tests/golden_output.py --write
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
CORPUS_ARTICLES = 400


def outputs() -> dict[str, bytes]:
    """Each recorded file's name and what auditor prints for it now."""
    sys.path.insert(0, str(ROOT))
    from bench.corpus import build_corpus

    with tempfile.TemporaryDirectory(prefix="auditor-golden-") as folder:
        build_corpus(Path(folder) / "corpus", CORPUS_ARTICLES)
        return {
            "corpus.jsonl": _check(Path(folder), "corpus"),
            "fixtures.jsonl": _check(ROOT, "fixtures"),
        }


def _check(cwd: Path, target: str) -> bytes:
    """`auditor check TARGET` run from `cwd`, so the paths it prints are relative."""
    command = [sys.executable, "-m", "auditor", "check", target, "--format", "jsonl", "-j", "1", "--quiet"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, env=_environment())
    if done.returncode not in (0, 1):
        raise RuntimeError(f"auditor check {target} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return done.stdout


def _environment() -> dict[str, str]:
    import os

    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(ROOT)
    return environment


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, data in outputs().items():
        (GOLDEN / name).write_bytes(data)
        print(f"{GOLDEN / name}: {len(data.splitlines())} findings")
