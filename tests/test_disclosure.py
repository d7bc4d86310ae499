"""Visible disclosure wording: explicit, ambiguous, negated, in many languages."""

import pytest
import yaml

from auditor.engine.disclosure import DisclosureVocabulary
from auditor.engine.ruleset import rules_dir


@pytest.fixture(scope="module")
def vocabulary() -> DisclosureVocabulary:
    return DisclosureVocabulary(yaml.safe_load((rules_dir() / "vocab" / "disclosure.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize("caption", [
    "This image is AI-generated and does not depict any real-life event or location.",
    "AI-generated image",
    "Image generated with artificial intelligence",
    "Created using an AI tool",
    "A.I.-generated illustration",
    "ＡＩ-generated",
    "Symbolbild (KI-generiert)",
    "Dieses Bild wurde mit KI erstellt",
    "Image générée par IA",
    "Imagen creada con inteligencia artificial",
    "Immagine generata dall'intelligenza artificiale",
    "Imagem gerada por IA",
    "图片由AI生成",
    "本图为人工智能生成合成内容",
    "画像は生成AIで作成したイメージです",
    "यह तस्वीर AI की मदद से बनाई गई है",
    "Изображение сгенерировано нейросетью",
    "Зображення згенероване ШІ",
    "AI 생성 이미지",
    "Afbeelding gegenereerd met AI",
    "Obraz wygenerowany przez AI",
    "صورة مولدة بالذكاء الاصطناعي",
])
def test_explicit_disclosures_count(vocabulary, caption):
    assert vocabulary.verdict([caption]).level == "explicit"


@pytest.mark.parametrize("caption", [
    "This is not an AI-generated image.",
    "The image isn't AI-generated",
    "Nicht KI-generiert",
    "Cette image n'a pas été générée par l'IA",
    "Esta no es una imagen de IA",
    "非AI生成",
    "AI生成ではありません",
    "यह AI तस्वीर नहीं है",
    "Не сгенерировано нейросетью",
    "AI 생성 아님",
])
def test_negated_disclosures_are_not_disclosures(vocabulary, caption):
    assert vocabulary.verdict([caption]).level == "negated"


@pytest.mark.parametrize("caption", [
    "Representational image",
    "Photo illustration",
    "Symbolbild",
    "Image d'illustration",
    "प्रतीकात्मक तस्वीर",
    "※画像はイメージです",
    "示意图",
    "Image: Midjourney",
])
def test_vague_labels_are_ambiguous(vocabulary, caption):
    assert vocabulary.verdict([caption]).level == "ambiguous"


@pytest.mark.parametrize("caption", [
    "Protesters outside parliament. Photo: Jane Doe/Reuters",
    "Kai Havertz celebrates his goal",
    "Imagen de la manifestación en Madrid",  # Spanish 'imagen' is not Google Imagen
    "",
])
def test_ordinary_captions_disclose_nothing(vocabulary, caption):
    assert vocabulary.verdict([caption]).level == "none"


def test_negation_in_another_clause_does_not_cancel_a_disclosure(vocabulary):
    verdict = vocabulary.verdict(["No real event is shown; this is an AI-generated image."])
    assert verdict.level == "explicit"


def test_negation_after_the_phrase_in_english_does_not_cancel_it(vocabulary):
    verdict = vocabulary.verdict(["This image is AI-generated and does not depict any real-life event."])
    assert verdict.level == "explicit"


def test_explicit_wording_wins_over_ambiguous_wording(vocabulary):
    assert vocabulary.verdict(["Representational image", "AI-generated"]).level == "explicit"


def test_hits_point_into_the_original_text(vocabulary):
    caption = "Caption — ＡＩ生成 (credit)"
    hit = next(h for h in vocabulary.scan(caption) if h.kind == "explicit")
    assert caption[hit.start:hit.end] == hit.text
    assert hit.text == "ＡＩ生成"


def test_every_language_in_the_vocabulary_has_explicit_and_negation_wording():
    document = yaml.safe_load((rules_dir() / "vocab" / "disclosure.yaml").read_text(encoding="utf-8"))
    languages = document["languages"]
    assert {"en", "de", "fr", "es", "it", "pt", "zh", "ja", "hi", "ru", "uk"} <= set(languages)
    for language, groups in languages.items():
        assert groups.get("explicit"), language
        assert groups.get("negation"), language
        assert groups.get("negation_cues") or groups.get("negation_after"), language
