"""Credits as agencies, picture desks and outlets write them, read into
{creator, agency, kind}; credits at the end of captions; AID103 and ATT303 on the
parsed credit."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

import auditor
from auditor.config import Config
from auditor.engine.credit_parser import parser_for
from auditor.engine.ruleset import load_ruleset
from fixtures import images

PARSER = parser_for(load_ruleset(Config()).vocabularies)
AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}
CONFIG = Config(now=datetime(2026, 1, 1, tzinfo=timezone.utc), audit_date=date(2026, 1, 1))


@pytest.mark.parametrize(
    "text, creator, agency, kind",
    [
        ("(AP Photo/Evan Vucci)", "Evan Vucci", "AP", "photo"),
        ("AP Photo/Evan Vucci", "Evan Vucci", "AP", "photo"),
        ("REUTERS/Jane Doe", "Jane Doe", "REUTERS", "photo"),
        ("Jane Doe/Reuters", "Jane Doe", "Reuters", "photo"),
        ("Photograph: Stephanie Keith/Getty Images", "Stephanie Keith", "Getty Images", "photo"),
        ("Alex Wong | Getty Images", "Alex Wong", "Getty Images", "photo"),
        ("(Reed Saxon / Associated Press)", "Reed Saxon", "Associated Press", "photo"),
        ("Credit...Doug Mills/The New York Times", "Doug Mills", "The New York Times", "photo"),
        ("Credit Credit... Manuel Balce Ceneta/Associated Press", "Manuel Balce Ceneta", "Associated Press", "photo"),
        ("Credit: EPA", None, "EPA", "photo"),
        ("© Getty Images", None, "Getty Images", "photo"),
        ("Image copyright Getty Images", None, "Getty Images", "photo"),
        ("(AP)", None, "AP", "photo"),
        ("Fethi Belaid/AFP via Getty Images", "Fethi Belaid", "AFP", "photo"),
        ("Photo by Ricardo Gomez Angel on Unsplash", "Ricardo Gomez Angel", "Unsplash", "stock"),
        ("Courtesy of the White House", "the White House", None, "handout"),
        ("Handout", None, None, "handout"),
        ("File photo", None, None, "file"),
        ("[File: Reuters]", None, "Reuters", "file"),
        ("Screenshot: YouTube", "YouTube", None, "screenshot"),
        ("Illustration by Gérard DuBois", "Gérard DuBois", None, "illustration"),
        ("Photo Illustration by Andrew B. Myers for The New York Times", "Andrew B. Myers", "The New York Times", "illustration"),
        ("Graphic: Newsroom", "Newsroom", None, "graphic"),
        ("Credit: Harry Campbell", "Harry Campbell", None, None),  # names someone, says not what
        ("Credit: Alamy", None, "Alamy", "stock"),
        ("Foto: R. Hollinger, 19.01.2022", "R. Hollinger", None, "photo"),
        ("(Credit: AP/Manuel Balce Ceneta/Photo montage by Salon)", "Manuel Balce Ceneta", "AP", "photo"),
        # The languages of the disclosure vocabulary.
        ("Foto: Michael Rauhe/dpa", "Michael Rauhe", "dpa", "photo"),
        ("Photo : Jean Dupont/AFP", "Jean Dupont", "AFP", "photo"),
        ("Foto: Ana López/EFE", "Ana López", "EFE", "photo"),
        ("Foto: Mario Rossi/ANSA", "Mario Rossi", "ANSA", "photo"),
        ("Fotografia: João Silva/Lusa", "João Silva", "Lusa", "photo"),
        ("Foto: Jan de Vries/ANP", "Jan de Vries", "ANP", "photo"),
        ("Fot. Jan Kowalski/PAP", "Jan Kowalski", "PAP", "photo"),
        ("Фото: Иван Петров/ТАСС", "Иван Петров", "ТАСС", "photo"),
        ("Фото: Укрінформ", None, "Укрінформ", "photo"),
        ("图/新华社", None, "新华社", "photo"),
        ("新华社记者 李学仁 摄", "李学仁", "新华社", "photo"),
        ("写真：共同通信", None, "共同通信", "photo"),
        ("사진=연합뉴스", None, "연합뉴스", "photo"),
        ("फोटो: PTI", None, "PTI", "photo"),
        ("صورة: رويترز", None, "رويترز", "photo"),
        ("फोटो: पीटीआई", None, "पीटीआई", "photo"),
    ],
)
def test_credit_shapes_parse_to_creator_agency_and_kind(text, creator, agency, kind):
    credit = PARSER.parse(text)
    assert credit is not None
    assert (credit.creator, credit.agency, credit.kind) == (creator, agency, kind)


@pytest.mark.parametrize(
    "caption, credit",
    [
        ("Whale expert Hori Parata. Photograph: Adrian Malloch for the Guardian", "Photograph: Adrian Malloch for the Guardian"),
        ("A man walks past a carrier on a Harare street on Thursday Credit: STR/AFP", "Credit: STR/AFP"),
        ("Lawmakers met in Washington. (Reed Saxon / Associated Press)", "Reed Saxon / Associated Press"),
        ("Hillary Clinton speaks in Washington. Evan Vucci/AP Photo", "Evan Vucci/AP Photo"),
        ("Workers fix a main in Queens. Credit Chang W. Lee/The New York Times", "Credit Chang W. Lee/The New York Times"),
        ("Gunmen stormed the museum. (Reuters)", "Reuters"),
        ("Hotels aren't always cleaned as often as they should be Getty Images", "Getty Images"),
        ("Un Népalais prie à Katmandou. (Photo Prakash Mathema. AFP)", "Photo Prakash Mathema. AFP"),
        ("Großmarkt-Chefin Eliane Steinmeyer mit Mangos. Foto: Michael Rauhe", "Foto: Michael Rauhe"),
        ("习近平出席会议。图/新华社", "图/新华社"),
        ("Amazon-owned Whole Foods cut prices. (Ellen M. Banner / The Seattle Times)", "Ellen M. Banner / The Seattle Times"),
        # Captions without a credit stay whole.
        ("Donald Trump / Mike Pence", None),
        ("Aoraki / Mount Cook is the highest point of New Zealand, at 3,754 metres", None),
        ("CPU profiling before optimization", None),
        ("The photo: a story of two cities", None),
        ("AI-generated image: a city at dusk", None),
    ],
)
def test_a_credit_at_the_end_of_a_caption_is_split_from_it(caption, credit):
    split = PARSER.split_caption(caption)
    assert (split[1] if split else None) == credit


def _audit_markdown(tmp_path, caption: str, **media) -> list[str]:
    (tmp_path / "story.md").write_text(f"---\ntitle: Protest\n---\n![Protest](crowd.jpg)\n\n*{caption}*\n\nThe protest went on.\n",
                                       encoding="utf-8")
    images.write_jpeg(tmp_path / "crowd.jpg", **media)
    return sorted(f.rule for f in auditor.audit([tmp_path], CONFIG).findings)


ISSUE_PHOTO_CREDITS = [
    "(Reed Saxon / Associated Press)", "Alex Wong | Getty Images", "Credit...Doug Mills/The New York Times",
    "Credit: EPA", "© Getty Images", "Image copyright Getty Images", "(AP)", "(AP Photo/Evan Vucci)", "REUTERS/Jane Doe",
    "Jane Doe/Reuters", "Photograph: Jane Doe/Getty Images", "Jane Doe/AFP via Getty Images", "Foto: Jane Doe/dpa",
    "Photo : Jean Dupont/AFP", "图/新华社", "File photo",
]


@pytest.mark.parametrize("credit", ISSUE_PHOTO_CREDITS)
def test_a_photo_credit_on_an_ai_image_contradicts_its_metadata(tmp_path, credit):
    assert "AID103" in _audit_markdown(tmp_path, f"Protesters gather outside parliament. {credit}", xmp=AI_XMP)


@pytest.mark.parametrize("caption", ["AI-generated image: protesters outside parliament",
                                     "Illustration by Jane Doe", "Protesters gather outside parliament."])
def test_no_photo_credit_no_aid103(tmp_path, caption):
    assert "AID103" not in _audit_markdown(tmp_path, caption, xmp=AI_XMP)


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("The harbour at dawn. Photo: John Smith/AFP", ["ATT303"]),
        ("The harbour at dawn. Credit...Jane Doe/The New York Times", []),
        ("The harbour at dawn. (Jane Doe / Reuters)", []),
        ("AI-generated image: the harbour at dawn", []),  # a description, not a credit
    ],
)
def test_caption_credit_against_the_file_credit(tmp_path, caption, expected):
    xmp = {"photoshop:Credit": "Reuters", "dc:creator": ["Jane Doe"]}
    assert [r for r in _audit_markdown(tmp_path, caption, xmp=xmp) if r == "ATT303"] == expected


def test_the_vocabulary_set_still_pickles_once_its_parsers_are_built():
    import pickle

    from auditor.engine.syndication import matcher_for

    vocabularies = load_ruleset(Config()).vocabularies
    parser_for(vocabularies).parse("AP Photo/Jane Doe")
    matcher_for(vocabularies)
    copy = pickle.loads(pickle.dumps(vocabularies))
    assert parser_for(copy).parse("REUTERS/Jane Doe").agency == "REUTERS"
