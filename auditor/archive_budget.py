"""How much an archive may cost to audit: bytes out of one member and of the whole
archive, the decompression ratio, the number of members. Past a budget auditor
stops reading and says so (finding INP006, naming the config key), so a
decompression bomb costs a few seconds, not the disk."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# Below this many bytes out, no ratio is judged: a small archive of text compresses
# well and is harmless whatever its ratio.
RATIO_FLOOR_BYTES = 16 * 1024 * 1024


class ArchiveBudget(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    member_bytes: int = Field(default=512 * 1024 * 1024, gt=0,
                              description="Largest archive member read, decompressed (bytes); larger ones are refused.")
    archive_bytes: int = Field(default=4 * 1024 * 1024 * 1024, gt=0,
                               description="Most bytes decompressed (or copied) from one archive; reading stops there.")
    ratio: int = Field(default=200, gt=0,
                       description="Largest decompressed-to-compressed ratio of an archive or a zip member (past 16 MB out).")
    members: int = Field(default=1_000_000, gt=0, description="Most members read from one archive.")

    def over(self, key: str) -> str:
        """The refusal text for going past one budget: what it is and its config key."""
        limit = getattr(self, key)
        unit = "" if key in ("ratio", "members") else " bytes"
        what = {"member_bytes": "member larger than", "archive_bytes": "more than",
                "ratio": "decompression ratio above", "members": "more than"}[key]
        suffix = {"archive_bytes": " decompressed", "members": " members", "ratio": ":1"}.get(key, "")
        return f"archive budget exceeded: {what} {limit}{unit}{suffix} (archive_budget.{key})"


_current = ArchiveBudget()


def archive_budget() -> ArchiveBudget:
    """The budget in force in this process (set per run and per worker)."""
    return _current


def set_archive_budget(budget: ArchiveBudget) -> None:
    global _current
    _current = budget
