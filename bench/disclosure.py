"""Disclosure-language benchmark: runs the labelled caption corpus (bench/captions/)
through the disclosure matcher and prints, per language, explicit precision and
recall, whether any caption labelled none or negated was taken as a disclosure, how
vague and negated labels were read, and whether edit vs generation was told apart.

    .venv/bin/python bench/disclosure.py                      # the table, page language declared
    .venv/bin/python bench/disclosure.py --unknown-language   # every lexicon applies
    .venv/bin/python bench/disclosure.py --errors             # and every misread caption
    .venv/bin/python bench/disclosure.py --heldout            # the held-out set (bench/captions/heldout/)
    .venv/bin/python bench/disclosure.py --real DIR...        # figures and paragraphs of real saved pages

--real reads every *.html and *.html.gz under the folders given (for instance the saved
news pages under /work/real/, see /work/real/PROVENANCE.txt), parses them as auditor
does, and prints how the texts of each figure, and each body paragraph, are read: on
pages that label no image, every "explicit" or "negated" reading is a false one.
    .venv/bin/python bench/disclosure.py --write bench/RESULTS.md  # record both modes

Each caption is read as it would be on a page whose markup declares its language
(lang="xx"), and, with --unknown-language, as on a page whose language is unknown.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.engine.ruleset import rules_dir  # noqa: E402
from auditor.engine.vocabularies import load_vocabularies  # noqa: E402

CORPUS = ROOT / "bench" / "captions"
# Written after the grammar was tuned on CORPUS and scored as it stood: never tuned on.
HELDOUT = CORPUS / "heldout"
LABELS = ("explicit", "ambiguous", "none", "negated")
KINDS = ("generated", "edited")
_BEGIN, _END = "<!-- disclosure-bench:begin -->", "<!-- disclosure-bench:end -->"


@dataclass(frozen=True)
class Caption:
    language: str
    label: str
    kind: str
    text: str
    line: int


def load_corpus(folder: Path = CORPUS) -> list[Caption]:
    captions = []
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            label, kind, text = line.split(" ", 2)
            if label not in LABELS or kind not in KINDS:
                raise ValueError(f"{path.name}:{number}: bad label or kind: {line!r}")
            captions.append(Caption(path.stem, label, kind, text, number))
    return captions


def read(vocabulary, caption: Caption, declared: bool):
    languages = vocabulary.languages_for(caption.language, caption.text) if declared else None
    return vocabulary.verdict([caption.text], languages)


def score(captions: list[Caption], declared: bool):
    vocabulary = load_vocabularies(rules_dir() / "vocab").disclosure
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for caption in captions:
        verdict = read(vocabulary, caption, declared)
        row = rows[caption.language]
        row[f"{caption.label}:n"] += 1
        row[f"pred:{verdict.level}"] += 1
        said_explicit = verdict.level == "explicit"
        if caption.label == "explicit":
            row["explicit:found"] += said_explicit
            if said_explicit:
                row["claim:n"] += 1
                row["claim:right"] += verdict.claim == caption.kind
        else:
            row["explicit:false"] += said_explicit
        if caption.label in ("none", "negated"):
            row["silent:kept"] += not said_explicit
        if caption.label in ("ambiguous", "negated"):
            row[f"{caption.label}:found"] += verdict.level == caption.label
        wrong = (said_explicit != (caption.label == "explicit")
                 or (caption.label == "ambiguous" and verdict.level != "ambiguous")
                 or (caption.label == "negated" and verdict.level != "negated")
                 or (said_explicit and caption.label == "explicit" and verdict.claim != caption.kind))
        if wrong:
            deciding = verdict.deciding
            errors.append((caption, verdict.level, verdict.claim, deciding.phrase if deciding else ""))
    return rows, errors


def real_pages(folders: list[Path]) -> list[str]:
    from auditor.articles import parse_article

    vocabulary = load_vocabularies(rules_dir() / "vocab").disclosure
    paths = [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*.htm*"))
             if not p.name.startswith("expected")]  # readability's extracted copies of source.html
    if not paths:
        return [f"no saved pages under {', '.join(map(str, folders))}: skipped"]
    figures: dict[str, int] = defaultdict(int)
    paragraphs: dict[str, int] = defaultdict(int)
    shown = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            if path.suffix == ".gz":
                plain = Path(scratch) / path.name[:-3]
                plain.write_bytes(gzip.open(path).read())
                path = plain
            try:
                article = parse_article(path)
            except Exception as error:  # noqa: BLE001 - a bench reports and goes on
                shown.append(f"- unreadable {path.name}: {error}")
                continue
            for figure in article.figures:
                texts = [block.text for block in figure.texts()]
                if texts:
                    verdict = vocabulary.verdict(texts, vocabulary.languages_for(article.language, " ".join(texts)))
                    figures[verdict.level] += 1
                    if verdict.level in ("explicit", "negated"):
                        shown.append(f"- figure, {verdict.level} `{verdict.deciding.phrase}`: {' | '.join(texts)[:160]}")
            for block in article.blocks:
                if block.kind not in ("caption", "alt", "credit", "title"):
                    verdict = vocabulary.verdict([block.text])
                    paragraphs[verdict.level] += 1
                    if verdict.level in ("explicit", "negated"):
                        shown.append(f"- paragraph, {verdict.level} `{verdict.deciding.phrase}`: {block.text[:160]}")
    return [f"{len(paths)} saved pages: figures with text read as {dict(sorted(figures.items()))}; "
            f"body paragraphs read as {dict(sorted(paragraphs.items()))}", "", *shown]


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def table(rows) -> list[str]:
    lines = ["| lang | captions | explicit P | explicit R | none+negated never explicit | ambiguous R | negated R | edit/gen right |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    total: dict[str, int] = defaultdict(int)
    for language in sorted(rows):
        row = rows[language]
        for key, value in row.items():
            total[key] += value
        lines.append(_line(language, row))
    lines.append(_line("**all**", total))
    return lines


def _line(name: str, row) -> str:
    captions = sum(row[f"{label}:n"] for label in LABELS)
    said = row["pred:explicit"]
    return (f"| {name} | {captions} | {_ratio(said - row['explicit:false'], said)} | "
            f"{_ratio(row['explicit:found'], row['explicit:n'])} | "
            f"{_ratio(row['silent:kept'], row['none:n'] + row['negated:n'])} | "
            f"{_ratio(row['ambiguous:found'], row['ambiguous:n'])} | {_ratio(row['negated:found'], row['negated:n'])} | "
            f"{_ratio(row['claim:right'], row['claim:n'])} |")


def throughput(captions: list[Caption]) -> float:
    """Captions per second through a fresh matcher (no remembered scans), page language unknown."""
    vocabulary = load_vocabularies(rules_dir() / "vocab").disclosure
    texts = [c.text for c in captions]
    started = time.perf_counter()
    for text in texts:
        vocabulary.verdict([text])
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unknown-language", action="store_true", help="read every caption with all lexicons")
    parser.add_argument("--errors", action="store_true", help="list every misread caption")
    parser.add_argument("--heldout", action="store_true", help="score the held-out set instead")
    parser.add_argument("--real", type=Path, nargs="+", help="folders of saved pages to read as well")
    parser.add_argument("--write", type=Path, help="record both modes in this Markdown file (between markers)")
    args = parser.parse_args(argv)
    folder = HELDOUT if args.heldout else CORPUS
    captions = load_corpus(folder)
    declared = not args.unknown_language
    runs = [(f, d) for f in (CORPUS, HELDOUT) for d in (True, False)] if args.write else [(folder, declared)]
    out: list[str] = []
    for corpus, declared in runs:
        chosen = load_corpus(corpus)
        mode = "page language declared" if declared else "page language unknown"
        rows, errors = score(chosen, declared)
        out += [f"### {corpus.relative_to(ROOT)}: {len(chosen)} captions, {len({c.language for c in chosen})} languages, {mode}",
                "", *table(rows), ""]
        if args.errors or args.write:
            out += [f"Misread ({len(errors)}):", ""] + [
                f"- {c.language}:{c.line} {c.label}/{c.kind} read as {level}/{claim or '-'} `{phrase}`: {c.text}"
                for c, level, claim, phrase in errors] + [""]
    if args.real:
        out += ["### Real saved pages (no image labelled as AI)", "", *real_pages(args.real), ""]
    rate = throughput(captions)
    out.append(f"Matcher alone: {rate:,.0f} captions/s on one core (fresh matcher, no remembered scans).")
    text = "\n".join(out)
    print(text)
    if args.write:
        _record(args.write, text)
    return 0


def _record(path: Path, text: str) -> None:
    body = f"{_BEGIN}\n## Disclosure language: `bench/disclosure.py`\n\n{text}\n{_END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if _BEGIN in old and _END in old:
        head, rest = old.split(_BEGIN, 1)
        new = head + body + rest.split(_END, 1)[1].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + body
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
