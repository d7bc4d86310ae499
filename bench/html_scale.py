"""The HTML report at archive scale: builds a report of N findings (default 100,000,
three per article over a decade of a news archive's sections), writes it, and
times headless Chromium (the one the browser test uses) opening it until its
scripts have run and its first screen is painted, against an empty page for the
browser's own start-up.

    python bench/html_scale.py                      # 100,000 findings, prints the table
    python bench/html_scale.py --write bench/RESULTS-html.md
    python bench/html_scale.py --findings 6621 --keep /tmp/report.html
    python bench/html_scale.py --one-page           # every article live, as before paging
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from auditor.model import Evidence, Finding, Report, RuleInfo, Severity, Summary  # noqa: E402
from auditor.report import write_report  # noqa: E402

SECTIONS = ("news", "politics", "sport", "culture", "science", "opinion")
RULES = (
    ("AID101", "ai-image-undisclosed", Severity.error, "Image is marked AI-generated but nothing near it says so."),
    ("ATT101", "credit-missing", Severity.warning, "Image has no credit line."),
    ("INP002", "media-missing", Severity.warning, "Image 'lead.jpg' could not be checked: the file is missing."),
    ("DAT401", "dates-inconsistent", Severity.info, "The page's published date differs from its JSON-LD."),
)


def synthetic_report(count: int) -> Report:
    findings = []
    for n in range(count):
        article = n // 3
        code, name, severity, message = RULES[n % len(RULES)]
        year, month = 2015 + article % 10, 1 + article % 12
        path = f"archive/{SECTIONS[article % len(SECTIONS)]}/{year}/{month:02}/story-{article:06}.html"
        findings.append(Finding(
            rule=code, name=name, severity=severity, message=message, path=path, line=10 + n % 3 * 7, column=5,
            media=f"archive/images/{article:06}.jpg", figure=n % 3,
            evidence=(Evidence(source="xmp:Iptc4xmpExt:DigitalSourceType",
                               value="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"),
                      Evidence(source="caption", value=f"Crowds gather on day {n % 28 + 1}.")),
            fix="Add 'AI-generated image' to the caption.", fingerprint=f"{n:064x}",
        ))
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    rules = tuple(RuleInfo(code=c, name=nm, severity=s, summary=m, pack="core") for c, nm, s, m in RULES)
    return Report(findings=tuple(findings), rules=rules,
                  summary=Summary(documents=count // 3, media=count // 3, findings=counts, elapsed=1.0))


def chromium(browser: str, page: Path, profile: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
         f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=900, env={**os.environ, "HOME": str(profile)},
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"chromium failed: {done.stderr[-500:]}")
    return elapsed, done.stdout


def shown_seconds(browser: str, page: Path, work: Path) -> float:
    """Wall time of `chromium --headless --screenshot`: it returns once the page has
    loaded, its scripts have run and the first screen is painted."""
    return chromium(browser, page, work / "profile", f"--screenshot={work / 'shot.png'}", "--window-size=1280,1400")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the report here and keep it")
    parser.add_argument("--write", type=Path, help="record the table in this Markdown file")
    parser.add_argument("--one-page", action="store_true",
                        help="every article live on one page, as the report was before paging (for comparison)")
    args = parser.parse_args()
    if args.one_page:
        from auditor.report import html_pages

        html_pages.PAGE_ARTICLES = args.findings  # more than there are articles
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    work = Path(tempfile.mkdtemp(prefix="html-scale-"))
    try:
        report = synthetic_report(args.findings)
        started = time.perf_counter()
        buffer = io.StringIO()
        write_report(report, "html", buffer, color=False, base_path=Path.cwd())
        written = time.perf_counter() - started
        page = args.keep or work / "report.html"
        page.write_text(buffer.getvalue(), encoding="utf-8")
        size = page.stat().st_size
        rows = [("findings", f"{args.findings:,}"), ("articles", f"{args.findings // 3:,}"),
                ("report size", f"{size / 1e6:.1f} MB"), ("writing the report", f"{written:.2f} s")]
        if browser is None:
            print("chromium is not installed: load time not measured (apt-get install chromium)", file=sys.stderr)
        else:
            empty = work / "empty.html"
            empty.write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
            base = statistics.median(shown_seconds(browser, empty, work) for _ in range(args.runs))
            shown = statistics.median(shown_seconds(browser, page, work) for _ in range(args.runs))
            # Once more, untimed, for the DOM the scripts left (dumping 80 MB costs more than loading it).
            _, dom = chromium(browser, page, work / "profile", "--dump-dom")
            interactive = "page 1 of" in dom  # the paging script ran and filled its label
            live = dom.split('id="page-view"', 1)[-1].split("<textarea", 1)[0]
            rows += [("Chromium start-up (empty page, screenshot)", f"{base:.2f} s"),
                     ("Chromium, report loaded, scripts run, first screen painted", f"{shown:.2f} s (median of {args.runs})"),
                     ("of which the report", f"{shown - base:.2f} s"),
                     ("paging script ran", "yes" if interactive else "NO"),
                     ("articles in the live DOM", str(live.count('class="article"')))]
        table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
        print(table)
        if args.write:
            args.write.write_text(
                "# HTML report at archive scale\n\n"
                f"`python bench/html_scale.py --findings {args.findings}{' --one-page' if args.one_page else ''}` on this machine"
                f" ({os.cpu_count()} cores, shared), {time.strftime('%Y-%m-%d')}.\n\n" + table + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
