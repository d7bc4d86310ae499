"""Disclosure wording in 15 languages, run through the whole engine (Markdown parser,
figure facts, core rules) with an AI-marked image: an explicit caption passes, a
silent one is AID101, a vague one is AID104, a negated one is AID101 (and AID103)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.config import Config
from auditor.engine import evaluate_article, load_ruleset
from auditor.model import MediaFacts, Signal

# language: (disclosed, undisclosed, ambiguous, negated) captions, from the wording
# outlets and platforms use (../shared/reference/regulation.md §8).
CAPTIONS = {
    "en": ("This image is AI-generated.", "Storm clouds over the bay.", "Representational image", "This is not an AI-generated image."),
    "de": ("Symbolbild (KI-generiert)", "Gewitterwolken über der Bucht.", "Symbolbild", "Dieses Bild ist nicht KI-generiert."),
    "fr": ("Image générée par IA", "Nuages d'orage sur la baie.", "Image d'illustration", "Cette image n'a pas été générée par l'IA."),
    "es": ("Imagen generada con IA", "Nubes de tormenta sobre la bahía.", "Imagen de archivo", "Esta imagen no fue generada con IA."),
    "it": ("Immagine generata dall'intelligenza artificiale", "Nuvole sulla baia.", "Immagine di repertorio", "Immagine non generata dall'IA."),
    "pt": ("Imagem gerada por IA", "Nuvens de tempestade sobre a baía.", "Imagem ilustrativa", "Esta imagem não foi gerada por IA."),
    "nl": ("Afbeelding gegenereerd met AI", "Onweerswolken boven de baai.", "Archiefbeeld", "Deze afbeelding is niet AI-gegenereerd."),
    "pl": ("Obraz wygenerowany przez AI", "Chmury burzowe nad zatoką.", "Zdjęcie ilustracyjne", "Obraz nie wygenerowano przez AI."),
    "zh": ("图片由AI生成", "海湾上空的乌云。", "示意图", "此图片非AI生成"),
    "ja": ("画像は生成AIで作成", "湾の上の雷雲。", "※画像はイメージです", "AI生成ではありません"),
    "ko": ("AI 생성 이미지", "만 위의 먹구름.", "자료사진", "AI 생성 아님"),
    "hi": ("यह तस्वीर AI की मदद से बनाई गई है", "खाड़ी के ऊपर बादल।", "प्रतीकात्मक तस्वीर", "यह तस्वीर AI से नहीं बनाई गई"),
    "ru": ("Изображение сгенерировано нейросетью", "Грозовые тучи над заливом.", "Иллюстративное фото", "Изображение не сгенерировано нейросетью."),
    "uk": ("Зображення згенероване ШІ", "Грозові хмари над затокою.", "Ілюстративне фото", "Зображення не згенеровано ШІ."),
    "ar": ("صورة مولدة بالذكاء الاصطناعي", "غيوم فوق الخليج.", "صورة تعبيرية", "ليست مولدة بالذكاء الاصطناعي"),
}
EXPECTED = {  # which core disclosure rules fire for each kind of caption
    "disclosed": set(),
    "undisclosed": {"AID101"},
    "ambiguous": {"AID104"},
    "negated": {"AID101", "AID103"},
}
RULESET = load_ruleset(Config(select=["AID101", "AID103", "AID104"]))
CASES = [(language, kind, captions[i]) for language, captions in CAPTIONS.items()
         for i, kind in enumerate(EXPECTED)]


def disclosure_findings(caption: str, folder: Path) -> set[str]:
    (folder / "city.jpg").write_bytes(b"")
    article_path = folder / "story.md"
    article_path.write_text(f"![City](city.jpg)\n\n*{caption}*\n", encoding="utf-8")
    article = parse_article(article_path)
    image = MediaFacts(path=str(folder / "city.jpg"), format="jpeg", width=64, height=48, signals=(
        Signal(kind="ai-generated", source="xmp:Iptc4xmpExt:DigitalSourceType",
               value="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"),))
    media = {figure.path: image for figure in article.figures if figure.path}
    return {f.rule for f in evaluate_article(article, media, RULESET)}


def test_every_required_language_is_covered():
    assert set(CAPTIONS) == {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "zh", "ja", "ko", "hi", "ru", "uk", "ar"}


@pytest.mark.parametrize("language,kind,caption", CASES, ids=[f"{l}-{k}" for l, k, _ in CASES])
def test_caption_on_an_ai_image_gives_the_expected_findings(language, kind, caption, tmp_path):
    assert disclosure_findings(caption, tmp_path) == EXPECTED[kind]


@pytest.mark.parametrize("caption", ["A.I.-generated image", "ＡＩ生成", "Bild: KI-generiert", "Imagen generada con IA"])
def test_matching_tolerates_dotted_full_width_and_localised_acronyms(caption, tmp_path):
    assert disclosure_findings(caption, tmp_path) == set()
