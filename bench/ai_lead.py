"""Real pages, AI lead image: of the saved news pages in the given folders, how many
does auditor flag when the page's lead image is swapped for an AI-marked one?

    .venv/bin/python bench/ai_lead.py /work/real/mozilla+readability/test/test-pages \
        /work/real/postlight+parser/fixtures /work/real/scrapinghub+article-extraction-benchmark/html

For every page (`*.html`, `*.htm`, `*.html.gz`), the lead image is the one the page
itself declares, independently of auditor: its `og:image`, else `twitter:image` (the
first `<img>` would be a fair guess only on some pages: on others it is the site's
logo, a share button or a tracking pixel). Pages declaring none are counted apart. The page is
copied into a scratch folder and that image's URL is mapped (`url_map` in the run's
config) to a 64x48 JPEG whose XMP says `trainedAlgorithmicMedia`, with no disclosure
anywhere on the page. One `auditor check --format json` run per corpus; a page counts
as caught when a finding of the AID family names that image. Pages without any lead
image are counted apart. The pages are never committed: provenance (repository and
commit) goes into bench/RESULTS.md with the figures.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from fixtures.images import TRAINED_ALGORITHMIC_MEDIA, jpeg_bytes  # noqa: E402

PAGE_SUFFIXES = (".html", ".htm", ".html.gz")
# Readability's test pages were saved as if served from here; their relative image
# paths are relative to this URL.
FALLBACK_BASE = "http://fakehost/test/page.html"


def pages_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES)
                  and p.name != "expected.html")


def read_page(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def lead_image(html: str) -> tuple[str, str, str] | None:
    """(URL as written, absolute URL, where it came from) of the image the page declares as its lead."""
    tree = LexborHTMLParser(html)
    base = FALLBACK_BASE
    for selector, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        if node is not None and (node.attributes.get(attribute) or "").startswith("http"):
            base = node.attributes[attribute]
            break
    for selector, source in (('meta[property="og:image"]', "og:image"), ('meta[name="twitter:image"]', "twitter:image"),
                             ('meta[property="twitter:image"]', "twitter:image")):
        node = tree.css_first(selector)
        value = (node.attributes.get("content") or "").strip() if node is not None else ""
        if value and not value.startswith("data:"):
            return value, urljoin(base, value), source
    return None


def without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def stage(pages: list[Path], scratch: Path) -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    """Copies pages into `scratch/pages`, puts one AI-marked image where each lead
    image would be found (an absolute URL through `url_map`; a root-relative or
    relative path at that path, as a site keeps it) and returns {page copy: (lead
    URL, source, local file expected)} and the url_map."""
    ai_jpeg = jpeg_bytes(xmp={"Iptc4xmpExt:DigitalSourceType": TRAINED_ALGORITHMIC_MEDIA})
    leads: dict[str, tuple[str, str, str]] = {}
    url_map: dict[str, str] = {}
    pages_folder = scratch / "pages"
    for number, page in enumerate(pages):
        html = read_page(page)
        copy = pages_folder / f"{number:04d}-{page.parent.name}-{page.name.removesuffix('.gz')}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(html, encoding="utf-8")
        found = lead_image(html)
        if found is None:
            continue
        written, url, source = found
        if written.startswith(("http://", "https://", "//")):
            key = without_query(url)
            if key not in url_map:
                url_map[key] = (Path("media") / f"{len(url_map):05d}.jpg").as_posix()
            local = scratch / url_map[key]
        else:
            path = unquote(written.split("#", 1)[0].split("?", 1)[0])
            local = scratch / path.lstrip("/") if path.startswith("/") else pages_folder / path
            if not local.resolve().is_relative_to(scratch.resolve()):
                continue  # climbs out of the site: nowhere a site would keep it
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(ai_jpeg)
        leads[str(copy)] = (url, source, local.relative_to(scratch).as_posix())
    return leads, url_map


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def write_config(scratch: Path, url_map: dict[str, str]) -> None:
    lines = ["[url_map]"] + [f"{toml_string(url)} = {toml_string(local)}" for url, local in url_map.items()]
    (scratch / "auditor.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(scratch: Path) -> tuple[dict, float]:
    command = [sys.executable, "-m", "auditor", "check", "pages", "--format", "json", "--quiet", "--fail-on", "never"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=scratch, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"auditor failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout), elapsed


def measure(folder: Path, keep: Path | None = None) -> dict:
    pages = pages_under(folder)
    with tempfile.TemporaryDirectory(prefix="auditor-ai-lead-") as temp:
        scratch = Path(temp)
        if keep is not None:
            scratch = keep / folder.name
            shutil.rmtree(scratch, ignore_errors=True)
        leads, url_map = stage(pages, scratch)
        write_config(scratch, url_map)
        report, elapsed = run(scratch)
    by_page: dict[str, list[dict]] = collections.defaultdict(list)
    for finding in report["findings"]:
        by_page[Path(finding["path"]).name].append(finding)
    caught, missed, sources = 0, [], collections.Counter()
    for copy, (url, source, mapped) in leads.items():
        sources[source] += 1
        name = Path(copy).name
        mapped = mapped.removeprefix("pages/")
        hits = [f for f in by_page.get(name, []) if f["rule"].startswith("AID") and (f.get("media") or "").endswith(mapped)]
        if hits:
            caught += 1
        else:
            missed.append(name)
    inp002 = [sum(1 for f in by_page.get(Path(c).name, []) if f["rule"] == "INP002") for c in leads]
    return {
        "folder": str(folder), "pages": len(pages), "with_lead": len(leads), "caught": caught,
        "missed": missed, "sources": dict(sources), "elapsed": round(elapsed, 2),
        "findings": dict(collections.Counter(f["rule"] for f in report["findings"]).most_common()),
        "inp002_pages": sum(1 for n in inp002 if n), "inp002_max": max(inp002, default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    parser.add_argument("--keep", type=Path, help="keep each corpus's staged site in this folder, to look at")
    options = parser.parse_args()
    results = []
    for folder in options.folders:
        if not folder.is_dir():
            print(f"skipped: {folder} is absent (see bench/README.md for where the corpora come from)", file=sys.stderr)
            continue
        results.append(measure(folder, options.keep))
    if options.json:
        print(json.dumps(results, indent=2))
        return
    print("| corpus | pages | declared lead image | AI lead caught | share | pages with INP002 | max INP002 | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        share = r["caught"] / r["with_lead"] if r["with_lead"] else 0.0
        print(f"| {r['folder']} | {r['pages']} | {r['with_lead']} | {r['caught']} | {share:.1%} | "
              f"{r['inp002_pages']} | {r['inp002_max']} | {r['elapsed']} |")
    for r in results:
        print(f"\n{r['folder']}: lead from {r['sources']}; findings {r['findings']}")
        if r["missed"]:
            print(f"  missed ({len(r['missed'])}): " + ", ".join(r["missed"][:15]))


if __name__ == "__main__":
    main()
