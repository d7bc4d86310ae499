"""Files that are not articles are skipped quietly: counted and listed, never
findings; and the Markdown forms site generators write (TOML front matter, Hugo
shortcodes, MDX) are read as articles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.articles.not_articles import (
    DATA_FILE, LOCK_FILE, REPOSITORY_DOCUMENT, TEMPLATE, TOOL_CONFIG, skip_reason,
)
from auditor.cli import main

PAGE = "<!doctype html><html><body><article><h1>Flood</h1><p>The river rose.</p></article></body></html>"


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("README.md", "# Project\n", REPOSITORY_DOCUMENT),
        ("docs/readme.de.md", "# Projekt\n", REPOSITORY_DOCUMENT),
        ("CHANGELOG.md", "## 1.0\n", REPOSITORY_DOCUMENT),
        ("History.markdown", "## 1.0\n", REPOSITORY_DOCUMENT),
        ("LICENSE.txt", "MIT\n", REPOSITORY_DOCUMENT),
        ("CODE_OF_CONDUCT.md", "Be kind.\n", REPOSITORY_DOCUMENT),
        ("history.md", "The town's history began in 1820.\n", None),  # lower case: may be an article
        ("news.md", "Today's news.\n", None),
        ("tsconfig.json", '{"compilerOptions": {}, // comment\n}', TOOL_CONFIG),
        (".eslintrc.json", "{}", TOOL_CONFIG),
        ("renovate.json", "{}", TOOL_CONFIG),
        ("vercel.json", "{}", TOOL_CONFIG),
        ("package.json", '{"name": "site", "description": "A site"}', TOOL_CONFIG),
        ("package-lock.json", "{}", LOCK_FILE),
        ("data/menu.json", '[{"name": "Home", "url": "/"}, {"name": "About", "url": "/about"}]', DATA_FILE),
        ("tag-data.json", '{"flood": 3, "images": 1}', DATA_FILE),
        ("story.json", '{"headline": "Flood", "body": "<p>The river rose.</p>"}', None),
        ("broken.json", '{"headline": "Flood", ', None),  # broken JSON stays the parser's to report
        ("layouts/_default/single.html", "<main>{{ .Content }}</main>", TEMPLATE),
        ("_includes/head.html", "<head></head>", TEMPLATE),
        ("archetypes/default.md", "+++\ntitle = ''\n+++\n", TEMPLATE),
        ("partial.html", '<div class="card">{{ .Title }}</div>', TEMPLATE),
        ("index.html", "---\nlayout: home\n---\n<ul>{% for post in site.posts %}<li>{{ post.title }}</li>{% endfor %}</ul>", TEMPLATE),
        ("story.html", PAGE, None),
        ("angular.html", PAGE.replace("<p>", "<p>{{ vm.count }} "), None),  # a whole page stays an article
    ],
)
def test_files_that_are_not_articles_are_recognised(tmp_path, name, text, reason):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert skip_reason(str(path), str(tmp_path)) == reason


def test_a_template_folder_above_the_audited_folder_does_not_count(tmp_path):
    path = tmp_path / "layouts" / "site" / "story.md"
    path.parent.mkdir(parents=True)
    path.write_text("# Flood\n\nThe river rose.\n", encoding="utf-8")
    assert skip_reason(str(path), str(tmp_path / "layouts" / "site")) is None


def test_a_fifo_named_like_json_does_not_hang_the_check(tmp_path):
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    assert skip_reason(str(fifo), str(tmp_path)) is None  # left to the reader, which reports it


def test_a_repository_without_articles_exits_0_and_lists_what_it_skipped(tmp_path, capsys):
    repo = tmp_path / "repo"
    for name, text in {
        "tsconfig.json": '{"compilerOptions": {"strict": true}}', ".eslintrc.json": "{}", "renovate.json": "{}",
        "vercel.json": "{}", "data/menu.json": '[{"name": "Home"}]', "package.json": '{"name": "x"}',
        "README.md": "# x\n\n![badge](https://img.shields.io/badge/x-y-green.svg)\n", "CHANGELOG.md": "## 1\n",
        "layouts/index.html": "{{ range .Pages }}<img src='{{ index . 0 | relURL }}'>{{ end }}",
    }.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    code = main(["check", str(repo), "--format", "json", "--output", str(out), "--fail-on", "warning"])
    capsys.readouterr()
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert report["findings"] == []
    assert report["summary"]["documents"] == 0
    assert sum(report["summary"]["skipped"].values()) == 9 == len(report["skipped"])
    code = main(["check", str(repo)])
    assert code == 0
    assert "9 skipped" in capsys.readouterr().out


def article(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_article(path)


def test_toml_front_matter_gives_title_date_and_images(tmp_path):
    parsed = article(tmp_path, "flood.md", '+++\ntitle = "The flood"\ndate = 2025-05-01T08:00:00Z\n'
                     'images = ["a.jpg", "b.jpg"]\n[params]\nauthor = "Desk"\n+++\n\nThe river rose.\n')
    assert parsed.title == "The flood"
    assert parsed.published.year == 2025
    assert [f.src for f in parsed.figures] == ["a.jpg", "b.jpg"]
    assert parsed.figures[0].span.line == 4


def test_broken_toml_front_matter_is_one_line_with_the_file_line(tmp_path):
    parsed = article(tmp_path, "bad.md", '+++\ntitle = "x"\ndate = \n+++\nText\n')
    assert parsed.message.startswith("invalid TOML front matter") and "line 3" in parsed.message


def test_hugo_figure_shortcodes_are_figures_with_caption_and_credit(tmp_path):
    parsed = article(tmp_path, "storm.md", "Intro.\n\n"
                     '{{< figure src="storm.jpg" caption="The <em>storm</em> over the bay" attr="Jane Roe/Agency" >}}\n\n'
                     "{{% figure src='rain.jpg' alt=\"Rain\" %}}\n\n"
                     '```\n{{< figure src="shown-in-code.jpg" >}}\n```\n\n{{</* figure src="escaped.jpg" */>}}\n')
    assert [f.src for f in parsed.figures] == ["storm.jpg", "rain.jpg"]
    storm, rain = parsed.figures
    assert (storm.caption.text, storm.credit.text, storm.span.line) == ("The storm over the bay", "Jane Roe/Agency", 3)
    assert rain.alt.text == "Rain"
    body = " ".join(block.text for block in parsed.blocks if block.kind == "body")
    assert "storm.jpg" not in body and "rain.jpg" not in body  # shortcodes are figures, not text


def test_mdx_image_components_and_imports_are_figures(tmp_path):
    parsed = article(tmp_path, "post.mdx", "---\ntitle: Post\ncoverImage: cover.jpg\n---\n"
                     "import Hero from './hero.png'\nimport { Image } from 'astro:assets'\n\n"
                     "The river rose.\n\n<Image src={Hero} alt=\"The valley\" />\n\n"
                     '<Image\n  alt="Harbour"\n  src={"harbour.jpg"}\n  width={800}\n/>\n\n![Plain](plain.jpg)\n')
    assert [f.src for f in parsed.figures] == ["cover.jpg", "./hero.png", "harbour.jpg", "plain.jpg"]
    assert parsed.figures[1].alt.text == "The valley"
    assert "import" not in " ".join(block.text for block in parsed.blocks)


@pytest.mark.parametrize(
    "front, src",
    [
        ("heroImage: hero.jpg", "hero.jpg"),
        ("coverImage: cover.jpg", "cover.jpg"),
        ("ogImage:\n  url: og.jpg", "og.jpg"),
        ("image:\n  src: lead.jpg\n  alt: Lead", "lead.jpg"),
        ("featured_image: feature.jpg", "feature.jpg"),
        ("cover:\n  image: hugo-cover.jpg", "hugo-cover.jpg"),
    ],
)
def test_front_matter_image_keys_of_the_generators(tmp_path, front, src):
    parsed = article(tmp_path, "post.md", f"---\ntitle: Post\n{front}\n---\n\nText.\n")
    assert [f.src for f in parsed.figures] == [src]


def test_a_cached_rerun_reports_the_same_skipped_files_and_notices_a_data_file_becoming_an_article(tmp_path):
    from auditor.batch import BatchOptions, run_batch
    from auditor.config import Config
    from auditor.engine import load_ruleset

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("# x\n", encoding="utf-8")
    (repo / "story.md").write_text("# Flood\n\nThe river rose.\n", encoding="utf-8")
    feed = repo / "feed.json"
    feed.write_text('{"count": 3}', encoding="utf-8")
    config = Config()
    ruleset = load_ruleset(config)
    options = BatchOptions(ledger=tmp_path / "ledger.sqlite")

    first = run_batch([repo], config, ruleset, options)
    again = run_batch([repo], config, ruleset, options)
    assert again.replayed
    assert again.summary.skipped == first.summary.skipped == {REPOSITORY_DOCUMENT: 1, DATA_FILE: 1}
    assert again.skipped_files == first.skipped_files

    stat = feed.stat()
    feed.write_text('{"headline": "Flood", "body": "The river rose."}', encoding="utf-8")
    os.utime(feed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    changed = run_batch([repo], config, ruleset, options)
    assert not changed.replayed
    assert changed.summary.skipped == {REPOSITORY_DOCUMENT: 1}
    assert changed.summary.documents == first.summary.documents + 1


def test_files_packed_in_an_archive_are_skipped_by_name(tmp_path):
    import zipfile

    from auditor.config import Config
    from auditor.pipeline import audit_paths

    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("README.md", "# x\n")
        packed.writestr("package.json", '{"name": "x"}')
        packed.writestr("news/story.md", "# Flood\n\nThe river rose.\n")
    report = audit_paths([archive], Config())
    assert report.summary.documents == 1
    assert report.summary.skipped == {REPOSITORY_DOCUMENT: 1, TOOL_CONFIG: 1}
    assert [path for path, _ in report.skipped] == [f"{archive}!/README.md", f"{archive}!/package.json"]
