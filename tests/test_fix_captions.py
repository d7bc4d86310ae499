"""`auditor fix --fix-captions`: the disclosure sentence goes into the caption of an
AI image (AID101), in the article's language; the rest of the file is kept byte for
byte, and the next check counts the caption as a disclosure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.fix.caption_wording import _vocabulary, disclosure_sentence

LANGUAGES = sorted(_vocabulary().lexicon.languages)
from fixtures.images import COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, SOURCE_TYPE, TRAINED_ALGORITHMIC_MEDIA, write_jpeg


def _rules(folder: Path, capsys) -> list[str]:
    main(["check", str(folder), "--isolated", "--format", "json", "--fail-on", "never"])
    return [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]


def _fix(folder: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["fix", str(folder), "--isolated", "--fix-captions", *extra])
    return code, capsys.readouterr().out


def _only_inserted(before: str, after: str, inserted: str) -> bool:
    at = after.find(inserted)
    return at >= 0 and after[:at] + after[at + len(inserted):] == before


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_jpeg(tmp_path / "storm.jpg", xmp={SOURCE_TYPE: TRAINED_ALGORITHMIC_MEDIA})
    return tmp_path


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_gets_a_sentence_the_next_check_accepts(site, capsys, language):
    article = site / "post.md"
    before = f"---\ntitle: T\nlang: {language}\n---\n![](storm.jpg)\n\n*Harbour, 2024*\n\nText.\n"
    article.write_text(before, encoding="utf-8")
    assert "AID101" in _rules(site, capsys)

    code, out = _fix(site, capsys)

    assert code == 0, out
    after = article.read_text(encoding="utf-8")
    assert disclosure_sentence(language, edited=False) in after
    assert after.startswith(before[:before.index("*Harbour, 2024")])
    assert after.endswith("*\n\nText.\n")
    assert "AID101" not in _rules(site, capsys)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_markdown_image_without_caption_gets_a_caption_line(site, capsys, newline):
    article = site / "post.md"
    before = newline.join(["# Storm", "", "![Storm](storm.jpg)", "", "Body text.", ""])
    article.write_bytes(before.encode("utf-8"))

    _fix(site, capsys)

    sentence = disclosure_sentence("en", edited=False)
    assert _only_inserted(before, article.read_bytes().decode("utf-8"), f"{newline}*{sentence}*{newline}")
    assert "AID101" not in _rules(site, capsys)


def test_html_caption_grows_and_every_other_byte_is_kept(site, capsys):
    article = site / "story.html"
    before = ('<!doctype html>\n<html lang="fr"><body><article><h1>Tempête</h1>\n'
              '<figure class="wp-block-image"><img src="storm.jpg" alt="">\n'
              '  <figcaption>Nuages &amp; pluie sur <em>la baie</em>.</figcaption>\n</figure>\n'
              '<p>Texte.</p></article></body></html>\n')
    article.write_text(before, encoding="utf-8")

    code, out = _fix(site, capsys)

    assert code == 0, out
    assert _only_inserted(before, article.read_text(encoding="utf-8"), " " + disclosure_sentence("fr", edited=False))
    assert "AID101" not in _rules(site, capsys)


def test_diff_shows_the_caption_change_and_writes_nothing(site, capsys):
    article = site / "post.md"
    article.write_text("![](storm.jpg)\n\n*Harbour*\n", encoding="utf-8")

    code, out = _fix(site, capsys, "--diff")

    assert code == 1
    assert f"+*Harbour. {disclosure_sentence('en', edited=False)}*" in out and "-*Harbour*" in out
    assert article.read_text(encoding="utf-8") == "![](storm.jpg)\n\n*Harbour*\n"


@pytest.mark.parametrize("name, content, reason", [
    ("story.html", '<html><body><figure><img src="storm.jpg"></figure></body></html>\n', "no caption element"),
    ("post.md", "---\nlang: eo\n---\n![](storm.jpg)\n\n*Hamnen*\n", "no disclosure wording for language 'eo'"),
    ("post.md", "Look: ![](storm.jpg) inline.\n", "not an image on a line of its own"),
])
def test_captions_fix_cannot_place_are_refused_and_the_file_kept(site, capsys, name, content, reason):
    article = site / name
    article.write_text(content, encoding="utf-8")

    code, out = _fix(site, capsys)

    assert code == 1
    assert "refused: " in out and reason in out
    assert article.read_text(encoding="utf-8") == content


def test_an_ai_edit_is_not_called_generated(tmp_path, capsys):
    write_jpeg(tmp_path / "edit.jpg", xmp={SOURCE_TYPE: COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA})
    (tmp_path / "en.md").write_text("![](edit.jpg)\n\n*The square*\n", encoding="utf-8")
    (tmp_path / "de.md").write_text("---\nlang: de\n---\n![](edit.jpg)\n\n*Der Platz*\n", encoding="utf-8")

    _, out = _fix(tmp_path, capsys)

    assert disclosure_sentence("en", edited=True) in (tmp_path / "en.md").read_text(encoding="utf-8")
    assert disclosure_sentence("de", edited=True) in (tmp_path / "de.md").read_text(encoding="utf-8")
    assert "generated" not in (tmp_path / "en.md").read_text(encoding="utf-8")
