"""Hostile input (issue 13): every case of the hostile corpus (`fixtures/hostile.py`)
is audited in a child process under a time bound and a memory bound, with a temp
folder of its own, and must end with its expected finding or one-line error,
leaving nothing behind in that temp folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bounded_run import ROOT, run_bounded
from fixtures import hostile

# Generous for a loaded CI machine; the hangs and storms these cases catch ran for
# minutes or forever, the fixed runs take seconds.
TIME_BOUND_SECONDS = 90
MEMORY_BOUND_MB = 1536


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_hostile_case_ends_in_its_finding_within_bounds(tmp_path, name):
    case = hostile.build(name, tmp_path / "corpus")
    arguments = [case.command, str(case.target), "--format", "json", *case.extra]
    ran = run_bounded(arguments, tmp_path / "tmp", seconds=TIME_BOUND_SECONDS, memory_mb=MEMORY_BOUND_MB)

    assert ran.returncode is not None, f"{name}: still running after {TIME_BOUND_SECONDS} s"
    assert ran.returncode == case.exit_code, ran.stderr
    assert ran.temp_left == [], f"{name} left {ran.temp_left} in the temp folder"
    for text in case.absent:
        assert text not in ran.stdout and text not in ran.stderr, f"{name} printed {text!r}"
    if case.exit_code == 2:  # a usage error: one line on stderr, no traceback
        assert len(ran.stderr.strip().splitlines()) == 1 and "Traceback" not in ran.stderr, ran.stderr
        assert all(piece in ran.stderr for _, piece, _ in case.expected), ran.stderr
        return
    assert ran.stderr == ""  # no warning of a library's dumped over the one-line-per-error output
    if case.command == "inspect":
        assert all(piece in ran.stdout for _, piece, _ in case.expected)
        return
    report = json.loads(ran.stdout)
    findings = report["findings"]
    if case.documents is not None:
        assert report["summary"]["documents"] == case.documents
    for rule, message, path in case.expected:
        assert any(rule in f["rule"] and message in f["message"] and path in f["path"] for f in findings), (
            f"{name}: no {rule} with {message!r} at {path!r} in {[(f['rule'], f['message'], f['path']) for f in findings]}")


def test_the_ai_signal_of_parameters_after_decoy_chunks_is_kept(tmp_path):
    case = hostile.build("png-parameters-after-decoys", tmp_path)
    from auditor.media import read_media

    facts = read_media(case.target)
    assert [(s.kind, s.source) for s in facts.signals] == [("ai-generated", "png:parameters")]
    assert any("text chunks past the first 256" in e.message for e in facts.errors)  # the decoys are not silently dropped


def test_a_bomb_costs_its_budget_not_its_size(tmp_path):
    # 5 GB of zeros in a few KB: the stream stops at the ratio budget, the member is
    # refused by its declared size, and the article before it is still audited.
    case = hostile.build("tar-bz2-bomb", tmp_path / "corpus")
    assert case.target.stat().st_size < 64 * 1024
    ran = run_bounded(["check", str(case.target), "--format", "json"], tmp_path / "tmp",
                      seconds=TIME_BOUND_SECONDS, memory_mb=MEMORY_BOUND_MB)
    assert ran.peak_temp_bytes < 64 * 1024 * 1024
    report = json.loads(ran.stdout)
    assert report["summary"]["documents"] == 3  # story.md, huge.png, the archive's budget
    assert all(f["rule"] == "INP006" for f in report["findings"])  # story.md itself is clean


def test_an_archive_budget_is_a_config_key_and_named_in_the_finding(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text("[archive_budget]\nmembers = 1\n", encoding="utf-8")
    archive = tmp_path / "two.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("a.md", "b.md"):
            hostile._add(tar, name, hostile.PLAIN.encode())
    ran = run_bounded(["check", str(archive), "--format", "json", "--config", str(config)], tmp_path / "tmp")
    findings = json.loads(ran.stdout)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [("INP006", str(archive))]
    assert "archive_budget.members" in findings[0]["message"]
    assert ran.returncode == 1


def test_sigterm_mid_decompression_leaves_nothing_in_the_temp_folder(tmp_path):
    # A tar.gz of many articles keeps the run busy in the decompressed copy and the
    # audit; SIGTERM (a CI timeout) must remove the run's private folder.
    archive = tmp_path / "many.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for number in range(4000):
            hostile._add(tar, f"news/{number:05}.md", (hostile.PLAIN + "x" * 4000).encode())
    temp = tmp_path / "tmp"
    temp.mkdir()
    child = subprocess.Popen([sys.executable, "-m", "auditor", "check", str(archive), "--format", "jsonl", "-j", "1"],
                             cwd=ROOT, env={**os.environ, "TMPDIR": str(temp)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIME_BOUND_SECONDS
    while not any(temp.rglob("*.tar")) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    assert child.poll() is None, "the run ended before it could be interrupted"
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=TIME_BOUND_SECONDS)
    assert child.returncode == -signal.SIGTERM
    assert list(temp.iterdir()) == []


def test_a_second_run_on_a_ledger_in_use_stops_with_one_line(tmp_path):
    from auditor.batch.ledger import Ledger, LedgerError

    holder = Ledger(tmp_path / "ledger.sqlite", "rules")
    try:
        with pytest.raises(LedgerError, match="in use by another auditor run"):
            Ledger(tmp_path / "ledger.sqlite", "rules")
    finally:
        holder.close()
    Ledger(tmp_path / "ledger.sqlite", "rules").close()  # free again once the first run ends


@pytest.mark.parametrize("pack", ["zip", "tar.gz"])
def test_an_archive_audits_like_its_folder_companions_and_sidecars_included(tmp_path, config, pack):
    from auditor.pipeline import audit_paths

    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "news" / "story.txt").write_text("Harbour plan\n\nPlanners met on Tuesday.\n", encoding="utf-8")
    (site / "news" / "story.jpg").write_bytes(hostile.images.jpeg_bytes(xmp=hostile.AI_XMP))  # a companion
    (site / "news" / "other.md").write_text(hostile.PLAIN, encoding="utf-8")
    (site / "news" / "other.json").write_text('{"images": [{"src": "ai.jpg"}]}', encoding="utf-8")  # a sidecar
    (site / "news" / "ai.jpg").write_bytes(hostile.images.jpeg_bytes(xmp=hostile.AI_XMP))
    archive = tmp_path / f"site.{pack}"
    if pack == "zip":
        import zipfile

        with zipfile.ZipFile(archive, "w") as packed:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    packed.write(path, path.relative_to(site).as_posix())
    else:
        with tarfile.open(archive, "w:gz") as packed:
            packed.add(site, arcname=".")  # `tar -C site .`: every name starts with ./

    def found(root: Path, prefix: str) -> list[tuple[str, str]]:
        report = audit_paths([root], config)
        return sorted((f.rule, f.path.removeprefix(prefix)) for f in report.findings)

    in_folder = found(site, f"{site}/")
    assert in_folder == [("AID101", "news/other.md"), ("AID101", "news/story.txt")]
    assert found(archive, f"{archive}!/") == in_folder


@pytest.mark.parametrize("where, refused", [
    ("inside the audited folder", False),
    ("elsewhere in the same repository", False),
    ("outside the repository", True),
])
def test_a_symlinked_article_is_followed_only_inside_the_audit_roots(tmp_path, config, where, refused):
    from auditor.pipeline import audit_paths

    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    site = repository / "site"
    site.mkdir()
    target = {"inside the audited folder": site / "drafts" / "story.md",
              "elsewhere in the same repository": repository / "shared" / "story.md",
              "outside the repository": tmp_path / "elsewhere" / "story.md"}[where]
    target.parent.mkdir(parents=True)
    target.write_text(hostile.UNDISCLOSED.replace("img/harbour.jpg", "harbour.jpg"), encoding="utf-8")
    (site / "linked.md").symlink_to(target)
    findings = audit_paths([site], config).findings
    linked = [f for f in findings if f.path.endswith("linked.md")]
    if refused:
        assert [(f.rule, str(target) in f.message) for f in linked] == [("INP006", True)]
    else:
        assert linked and "INP006" not in {f.rule for f in linked}


MEMBER_NAMES = st.sampled_from(["story.md", "./story.md", "story.txt", "story.json", "story.jpg", "news/a.html",
                                "news/../../escape.md", "/abs.md", "./img/a.png", "img/a.png", "notes.bin"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(members=st.lists(st.tuples(MEMBER_NAMES, st.one_of(st.binary(max_size=300), st.just(hostile.UNDISCLOSED.encode()))),
                        max_size=8),
       pack=st.sampled_from(["zip", "tar", "tar.gz"]), cut=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)))
def test_any_archive_audits_to_findings_never_an_exception(tmp_path, config, members, pack, cut):
    import io
    import zipfile
    import warnings

    from auditor.model import Report
    from auditor.pipeline import audit_paths

    buffer = io.BytesIO()
    if pack == "zip":
        with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as packed:
            warnings.simplefilter("ignore")  # duplicate names are part of the input space
            for name, data in members:
                packed.writestr(name, data)
    else:
        with tarfile.open(fileobj=buffer, mode="w:gz" if pack == "tar.gz" else "w") as packed:
            for name, data in members:
                hostile._add(packed, name, data)
    data = buffer.getvalue()
    archive = tmp_path / f"fuzz-{len(data)}-{cut}.{pack}"
    archive.write_bytes(data if cut is None else data[:cut])  # a cut archive is truncated or corrupt
    report = audit_paths([archive], config)
    assert isinstance(report, Report)
    assert all(finding.path.startswith(str(archive)) for finding in report.findings)
    assert not any("escape.md" in f.path and f.rule not in ("INP003", "INP006") for f in report.findings)
