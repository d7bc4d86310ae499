"""The disclosure sentence `fix --fix-captions` adds, by language. Each one contains
an explicit phrase of rules/vocab/disclosure.yaml (wording outlets and regulators
use, /work/shared/reference/regulation.md §8), so the next check counts it as a
disclosure. English is AID101's own suggestion."""

from __future__ import annotations

GENERATED = {
    "en": "This image is AI-generated and does not depict any real-life event or location.",
    "de": "Bild: KI-generiert.",
    "fr": "Image générée par IA.",
    "es": "Imagen generada con IA.",
    "it": "Immagine generata dall'intelligenza artificiale.",
    "pt": "Imagem gerada por IA.",
    "nl": "Afbeelding gegenereerd met AI.",
    "pl": "Obraz wygenerowany przez AI.",
    "ru": "Изображение сгенерировано нейросетью.",
    "uk": "Зображення згенероване ШІ.",
    "zh": "图片由AI生成。",
    "ja": "画像は生成AIで作成されました。",
    "ko": "AI 생성 이미지.",
    "hi": "यह तस्वीर AI की मदद से बनाई गई है।",
    "ar": "صورة مولدة بالذكاء الاصطناعي.",
}
# An AI edit of a real photograph is not "AI-generated": only languages whose
# vocabulary has wording for an edit get a sentence; the others are left to an editor.
EDITED = {
    "en": "This image was edited with AI.",
}


def disclosure_sentence(language: str | None, edited: bool) -> str | None:
    primary = (language or "en").split("-")[0].lower()
    return (EDITED if edited else GENERATED).get(primary)
