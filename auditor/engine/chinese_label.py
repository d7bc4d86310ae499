"""China's explicit label as a structural test (GB 45438-2025 5.2, [S]): the label
text must hold an AI element (人工智能 or AI) **and** a generation element (生成 or
合成). 「AI生成」 and 「人工智能合成」 pass; 「AI作图」 or a bare "AI" is incomplete;
「示意图」 says nothing. Matching is NFKC and case-folded, so ＡＩ and "A.I." count."""

from __future__ import annotations

import re
from typing import Iterable

from .normalize import normalize

AI_ELEMENT = re.compile(r"人工智能|(?<![a-z])ai(?![a-z])")
GENERATION_ELEMENT = re.compile(r"生成|合成")


def chinese_label(texts: Iterable[str | None]) -> tuple[str, str | None]:
    """('complete' | 'partial' | 'none', the deciding text)."""
    partial: str | None = None
    for text in texts:
        if not text:
            continue
        normal = normalize(text)
        has_ai, has_generation = bool(AI_ELEMENT.search(normal)), bool(GENERATION_ELEMENT.search(normal))
        if has_ai and has_generation:
            return "complete", text
        if (has_ai or has_generation) and partial is None:
            partial = text
    return ("partial", partial) if partial is not None else ("none", None)


def platform_reminder(label: str | None, texts: Iterable[str | None]) -> tuple[str | None, bool]:
    """What a platform's reminder must say for an implicit label (Measures Art. 6):
    Label 2 "可能为生成合成内容" (possibly), Label 3 "疑似生成合成内容" (suspected);
    Label 1 needs a plain generated-content label. Returns (expected wording, found)."""
    joined = " ".join(normalize(t) for t in texts if t)
    if label == "2":
        return "可能为生成合成内容", "可能" in joined
    if label == "3":
        return "疑似生成合成内容", "疑似" in joined
    if label == "1":
        return "AI生成 / 内容由AI生成", bool(AI_ELEMENT.search(joined) and GENERATION_ELEMENT.search(joined)) and "疑似" not in joined and "可能" not in joined
    return None, True
