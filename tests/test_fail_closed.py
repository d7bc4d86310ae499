"""Fail closed: a cap that stops auditor reading part of a document is INP005, a
document that outlasts its time budget is INP005, and an unexpected exception in
one document's step is INP004; each fails the default gate and the run goes on.
Runs that could hang go through a subprocess with a timeout; no timing asserts."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main

TIMEOUT = 180  # only a hang reaches it
AI_FIGURE = '<figure><img src="ai.png"><figcaption>The harbour at dawn.</figcaption></figure>'


def run(args: list[str], capsys) -> tuple[int, list[dict], str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, json.loads(out)["findings"] if out.strip() else [], err


def html_page(body: str) -> str:
    return f"<html><body><article><h1>Harbour</h1><p>Text.</p>{body}</article></body></html>"


def front_matter_gallery(count: int) -> str:
    return "---\ntitle: Gallery\nimages: [" + ", ".join(["d.png"] * count) + "]\n---\nA gallery.\n"


def cms_gallery(count: int) -> str:
    return json.dumps({"title": "Gallery", "body": "A gallery.", "images": [{"src": "d.png"}] * count})


# Each probe of issue 13, item 3 (and the caps behind 1M <img> and 2 MB of "!["):
# (file name, content, the config key INP005 must name).
CAPPED = [
    ("decoys.html", html_page('<img src="d.png">' * 2000 + AI_FIGURE), "limits.html_images"),
    ("figures.html", html_page('<figure><img src="d.png"></figure>' * 501), "limits.html_containers"),
    ("elements.html", html_page("<b>x</b>" * 200_001), "limits.html_elements"),
    ("gallery.md", front_matter_gallery(101), "limits.front_matter_images"),
    ("gallery.json", cms_gallery(501), "limits.cms_images"),
    ("brackets.md", "![" * 20_001 + "\n", "limits.markdown_brackets"),
    ("blocks.json", json.dumps({"title": "Long", "body": ["A paragraph."] * 10_001}), "limits.cms_body_blocks"),
    ("ld.html", '<html><head><script type="application/ld+json">' + json.dumps(
        {"@type": "NewsArticle", "headline": "Gallery", "image": [{"@type": "ImageObject", "url": f"{n}.png"} for n in range(51)]})
     + "</script></head><body><article><h1>Gallery</h1><p>Text.</p></article></body></html>", "limits.json_ld_images"),
]


@pytest.mark.parametrize("name, content, key", CAPPED, ids=[c[2] for c in CAPPED])
def test_a_cap_that_cuts_a_document_short_fails_the_gate(tmp_path, capsys, name, content, key):
    (tmp_path / name).write_text(content, encoding="utf-8")
    code, findings, _ = run(["check", str(tmp_path / name), "-f", "json"], capsys)
    incomplete = [f for f in findings if f["rule"] == "INP005"]
    assert code == 1
    assert len(incomplete) == 1 and key in incomplete[0]["message"] and incomplete[0]["severity"] == "error"


@pytest.mark.parametrize("name, content, key", [
    ("decoys.html", html_page('<img src="d.png">' * 1999 + AI_FIGURE), "html_images"),
    ("gallery.md", front_matter_gallery(100), "front_matter_images"),
    ("gallery.json", cms_gallery(500), "cms_images"),
])
def test_a_document_within_the_caps_is_complete(tmp_path, capsys, name, content, key):
    (tmp_path / name).write_text(content, encoding="utf-8")
    _, findings, _ = run(["check", str(tmp_path / name), "-f", "json"], capsys)
    assert not [f for f in findings if f["rule"] == "INP005"]


def test_caps_are_config_keys(tmp_path, capsys):
    (tmp_path / "gallery.md").write_text(front_matter_gallery(101), encoding="utf-8")
    (tmp_path / "auditor.toml").write_text("[limits]\nfront_matter_images = 200\n", encoding="utf-8")
    _, findings, _ = run(["check", str(tmp_path / "gallery.md"), "-f", "json"], capsys)
    assert not [f for f in findings if f["rule"] == "INP005"]


def test_a_document_past_its_time_budget_is_incomplete_and_the_run_goes_on(tmp_path):
    # Without the bracket cap, 1.2 MB of "![" keeps markdown-it busy for tens of
    # seconds (it is quadratic), far past the 2 s budget; the other article, a few
    # milliseconds of work, is audited as usual even on a loaded machine.
    (tmp_path / "auditor.toml").write_text("[limits]\nmarkdown_brackets = 1000000000\ndocument_seconds = 2\n", encoding="utf-8")
    (tmp_path / "slow.md").write_text("![" * 600_000 + "\n", encoding="utf-8")
    (tmp_path / "fine.md").write_text("![A photo](missing.png)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "auditor.cli", "check", ".", "-f", "json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    slow = [f for f in findings if f["path"].endswith("slow.md")]
    assert [f["rule"] for f in slow] == ["INP005"] and "limits.document_seconds" in slow[0]["message"]
    assert any(f["rule"] == "INP002" and f["path"].endswith("fine.md") for f in findings)


GANNETT = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm",'
           ' "datePublished": "0001-01-01T00:00:00Z", "dateModified": "2019-11-20T08:08:07Z"}</script></head>'
           '<body><article><h1>Storm</h1><p>Text.</p></article></body></html>')


def test_a_real_page_that_tripped_the_engine_never_stops_the_run_ledger_or_resume(tmp_path):
    """Issue 11: a Gannett page's sentinel date ended the whole run with "internal
    error" (exit 2, no report), and --resume died at the same page every time."""
    (tmp_path / "gannett.html").write_text(GANNETT, encoding="utf-8")
    (tmp_path / "other.md").write_text("![A photo](missing.png)\n", encoding="utf-8")
    ledger = tmp_path / "ledger.sqlite"
    for extra in ([], ["--ledger", str(ledger)], ["--ledger", str(ledger)]):
        result = subprocess.run([sys.executable, "-m", "auditor.cli", "check", "gannett.html", "other.md", "-f", "json", *extra],
                                cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
        assert result.returncode in (0, 1) and "internal error" not in result.stderr
        findings = json.loads(result.stdout)["findings"]
        assert any(f["path"].endswith("other.md") for f in findings)


# Every step of one document's audit, and a function of it to break. An unexpected
# exception is a bug no known real input reaches any more (the Gannett date above
# once did), so each step is broken by patching one function to raise, as a bug would.
STEPS = [
    ("parsing the article", "auditor.articles.parse_markdown_article", "story.md"),
    ("reading the images", "auditor.pipeline._read_file", "story.md"),
    ("evaluating the rules", "auditor.pipeline.evaluate_article", "story.md"),
    ("applying suppressions", "auditor.articles.suppressions.apply_suppressions", "story.md"),
    ("reading the image", "auditor.pipeline._read_file", "lone.png"),
]


@pytest.mark.parametrize("step, target, name", STEPS, ids=[s[0] for s in STEPS])
def test_an_exception_in_one_step_is_that_documents_internal_error(tmp_path, capsys, monkeypatch, step, target, name):
    from PIL import Image

    (tmp_path / "story.md").write_text("# Storm\n\n![A photo](story.png)\n", encoding="utf-8")
    Image.new("RGB", (4, 4)).save(tmp_path / "story.png")
    Image.new("RGB", (4, 4)).save(tmp_path / "lone.png")
    (tmp_path / "other.md").write_text("![Map](https://example.com/map.png)\n", encoding="utf-8")
    module_name, function = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, function)

    def broken(*args, **kwargs):
        # Only for the document under test: the other one must audit as usual.
        if any(Path(name).stem in str(getattr(arg, "path", arg)) for arg in args[:2]):
            raise ZeroDivisionError("a bug")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, function, broken)
    code, findings, err = run(["check", str(tmp_path / name), str(tmp_path / "other.md"), "-f", "json"], capsys)
    assert code == 1 and err == ""
    internal = [f for f in findings if f["rule"] == "INP004"]
    assert len(internal) == 1 and internal[0]["path"].endswith(name)
    assert step in internal[0]["message"] and "ZeroDivisionError: a bug" in internal[0]["message"]
    assert any(f["path"].endswith("other.md") and f["rule"] == "INP002" for f in findings)  # the run went on


def test_an_internal_error_counts_among_the_files_that_could_not_be_read(tmp_path, monkeypatch):
    import auditor
    import auditor.pipeline

    def broken(*args, **kwargs):  # a bug in the engine, as the table above
        raise ZeroDivisionError("a bug")

    (tmp_path / "story.md").write_text("# Storm\n\nText.\n", encoding="utf-8")
    monkeypatch.setattr(auditor.pipeline, "evaluate_article", broken)
    report = auditor.audit([tmp_path / "story.md"])
    assert [f.rule for f in report.findings] == ["INP004"] and report.summary.errors == 1


def test_a_document_that_ran_out_of_time_is_not_kept_in_the_ledger(tmp_path):
    # Running out of time says something of the machine, not of the file: the next
    # run audits it again instead of replaying INP005; the other document is kept.
    import sqlite3

    (tmp_path / "auditor.toml").write_text("[limits]\nmarkdown_brackets = 1000000000\ndocument_seconds = 2\n", encoding="utf-8")
    (tmp_path / "slow.md").write_text("![" * 600_000 + "\n", encoding="utf-8")
    (tmp_path / "fine.md").write_text("A story.\n", encoding="utf-8")
    ledger = tmp_path / "ledger.sqlite"
    result = subprocess.run([sys.executable, "-m", "auditor.cli", "check", ".", "-f", "json", "--ledger", str(ledger)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["INP005"]
    with sqlite3.connect(ledger) as db:
        kept = [Path(key).name for (key,) in db.execute("SELECT key FROM documents")]
    assert kept == ["fine.md"]
