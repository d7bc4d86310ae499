"""Known AI image generators and generative edit tools, as data.

The one place to add a name. Each entry maps a display name to a case-insensitive
pattern matched against tool-naming fields only (EXIF Software, XMP CreatorTool,
C2PA softwareAgent, …), never against captions, where "imagen" or "dalle" are
ordinary words. Patterns are strict where a bare word would be ambiguous.
"""

from __future__ import annotations

import re

AI_GENERATORS: dict[str, str] = {
    "Midjourney": r"\bmid-?journey\b",
    "DALL-E": r"\bdall[-\u00b7\u2027.\s]?e\b",
    "Adobe Firefly": r"\bfirefly\b",
    "Stable Diffusion": r"\bstable[\s_-]?diffusion\b|\bsdxl\b",
    "Automatic1111": r"\bautomatic1111\b|\bstable-diffusion-webui\b",
    "ComfyUI": r"\bcomfy\s?ui\b",
    "NovelAI": r"\bnovel\s?ai\b",
    "InvokeAI": r"\binvoke\s?ai\b",
    "Fooocus": r"\bfooocus\b",
    "DreamStudio": r"\bdreamstudio\b",
    "Google Imagen": r"\bgoogle\s+imagen\b|\bimagen\s*[1-9]\b|^\s*imagen\s*$",
    "Google Gemini": r"\bgemini\b|\bnano[\s-]?banana\b",
    "Ideogram": r"\bideogram\b",
    "Leonardo.Ai": r"\bleonardo[\s.]?ai\b",
    "FLUX": r"\bflux\.?[12]\b|\bflux[\s_-](pro|dev|schnell|kontext)\b|\bblack\s+forest\s+labs\b",
    "OpenAI": r"\bopenai\b|\bchatgpt\b|\bgpt-?4o\b|\bgpt-image-\d",
    "Sora": r"\bsora\b",
    "Bing Image Creator": r"\bbing\s+image\s+creator\b",
    "Microsoft Designer": r"\bmicrosoft\s+designer\b",
    "Craiyon": r"\bcraiyon\b",
    "Runway": r"\brunway\s?ml\b|\brunway\s+(gen-?\d|frames)\b",
    "Kandinsky": r"\bkandinsky\s*\d",
    "Playground AI": r"\bplayground\s?(ai|v\d)\b",
    "Grok": r"\bgrok\b",
    "Recraft": r"\brecraft\b",
    "Krea": r"\bkrea(\.ai|\s+ai)\b",
    "Seedream / Jimeng / Doubao": r"\bseedream\b|\bjimeng\b|\bdoubao\b",
    "Kling AI": r"\bkling\s?ai\b",
    "Tongyi Wanxiang": r"\bwanx\b|\btongyi\s+wanxiang\b",
    "Hunyuan": r"\bhunyuan\b",
    "Qwen-Image": r"\bqwen[-\s]?image\b",
    "NightCafe": r"\bnightcafe\b",
    "Artbreeder": r"\bartbreeder\b",
    "Meta AI": r"\bimagine\s+with\s+meta\b|\bmeta\s+ai\b",
}

# Tools that change part of a real image with a generative model: "ai-edited".
AI_EDIT_TOOLS: dict[str, str] = {
    "Adobe Generative Fill": r"\bgenerative\s+(fill|expand|remove|erase|edit)\b",
    "Google Magic Editor": r"\bmagic\s+(editor|eraser|edit|expand)\b",
    "Google Reimagine": r"\breimagine\b",
    "Samsung Galaxy AI": r"\bgalaxy\s+ai\b",
    "Photoshop Neural Filters": r"\bneural\s+filters?\b",
}

# PNG text keywords that only generators write: keyword -> generator.
GENERATOR_TEXT_KEYWORDS: dict[str, str] = {
    "parameters": "Automatic1111 / Stable Diffusion",
    "prompt": "ComfyUI",
    "workflow": "ComfyUI",
    "invokeai_metadata": "InvokeAI",
    "invokeai_graph": "InvokeAI",
    "sd-metadata": "InvokeAI",
    "Dream": "InvokeAI (dream)",
    "fooocus_scheme": "Fooocus",
}

_GENERATOR_PATTERNS = [(name, re.compile(p, re.IGNORECASE)) for name, p in AI_GENERATORS.items()]
_EDIT_TOOL_PATTERNS = [(name, re.compile(p, re.IGNORECASE)) for name, p in AI_EDIT_TOOLS.items()]


def generator_named_in(text: str) -> str | None:
    """The AI generator a tool-naming field mentions, if any."""
    return _first_match(_GENERATOR_PATTERNS, text)


def edit_tool_named_in(text: str) -> str | None:
    """The generative edit tool a tool-naming field mentions, if any."""
    return _first_match(_EDIT_TOOL_PATTERNS, text)


def _first_match(patterns: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    sample = text[:2000]  # tool names are short; a huge value is not worth scanning
    for name, pattern in patterns:
        if pattern.search(sample):
            return name
    return None
