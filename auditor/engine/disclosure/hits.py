"""What the disclosure matcher reports: the words it found (a hit) and, for the
texts around one figure, the verdict they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, NamedTuple

HitKind = Literal["explicit", "ambiguous", "negation", "tool"]
Level = Literal["explicit", "negated", "ambiguous", "none"]
# What an explicit label claims: the image was made by AI, or a photograph was changed with it.
Claim = Literal["generated", "edited"]


class PhraseHit(NamedTuple):
    """Words found in one text. A named tuple, not a frozen dataclass: built for
    every phrase a caption matches, and a tuple is built four times faster."""

    kind: HitKind
    language: str
    phrase: str  # the vocabulary entry, or for a composed label its deciding words ("generated + by + ai")
    start: int  # offsets into the original text
    end: int
    text: str
    negated: bool = False
    claim: Claim | None = None


@dataclass(frozen=True)
class Verdict:
    """How the texts around one figure disclose it, and the wording that decided it."""

    level: Level
    hits: tuple[PhraseHit, ...] = ()

    @property
    def deciding(self) -> PhraseHit | None:
        wanted = {"explicit": ("explicit", False), "negated": ("explicit", True), "ambiguous": None}.get(self.level)
        for hit in self.hits:
            if wanted is None and hit.kind in ("ambiguous", "tool"):
                return hit
            if wanted and hit.kind == wanted[0] and hit.negated == wanted[1]:
                return hit
            if self.level == "negated" and hit.kind == "negation":
                return hit
        return None

    @property
    def claim(self) -> str | None:
        """'generated' or 'edited' when every standing explicit label agrees on what
        AI did, 'both' when they differ, None without an explicit label."""
        if self.level != "explicit":
            return None
        claims = {hit.claim or "generated" for hit in self.hits if hit.kind == "explicit" and not hit.negated}
        if len(claims) == 1:
            return claims.pop()
        return "both" if claims else None

    @classmethod
    def of(cls, hits: Iterable[PhraseHit]) -> "Verdict":
        """The verdict the hits add up to: a standing explicit label wins, then a
        negation, then a vague label or a tool name alone."""
        hits = tuple(hits)
        if not hits:
            return _NOTHING if cls is Verdict else cls("none")
        if any(h.kind == "explicit" and not h.negated for h in hits):
            level: Level = "explicit"
        elif any(h.kind == "negation" or (h.kind == "explicit" and h.negated) for h in hits):
            level = "negated"
        elif any(h.kind in ("ambiguous", "tool") for h in hits):
            level = "ambiguous"
        else:
            level = "none"
        return cls(level, hits)


_NOTHING = Verdict("none")  # texts that say nothing of AI (most): one shared, frozen verdict
