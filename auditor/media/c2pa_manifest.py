"""Read and validate an image's C2PA manifest store with c2pa-python, offline.

`read_c2pa` turns what the C2PA SDK reports into a small, plain, JSON-able dict
(the `c2pa` group of MediaFacts). It never raises: an unreadable store becomes
an `error` string, because one bad file must not stop an audit.

Offline by construction. The SDK would otherwise fetch a manifest referenced by
URL (`verify.remote_manifest_fetch` defaults to true) and could check revocation
over OCSP; both are switched off, and `core.allowed_network_hosts` is set to an
empty list so that any network path we did not know about is refused as well.
A remote manifest is reported by its URL (`remote_manifest_url`), never fetched.

Trust is opt-in. Without anchors the SDK still validates signatures and hashes
("Valid" / "Invalid") and lists `signingCredential.untrusted` among the failure
codes; that code is informational here, `trusted` is simply false. With anchors
configured through `configure_trust`, a chain ending in one of them makes the
state "Trusted".
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Any, BinaryIO

# Hashing a hard binding reads the whole asset; news images are a few MB, so
# anything far beyond that is more likely a mistake (or a hostile file) than a
# picture worth the time.
MAX_C2PA_BYTES = 64 * 1024 * 1024

# How deep to follow ingredient manifests when collecting their actions. Stores
# can nest arbitrarily; the evidence that matters is near the top.
MAX_INGREDIENT_DEPTH = 4

ACTIONS_LABEL = re.compile(r"^c2pa\.actions(\.v\d+)?(__\d+)?$")
# Failure codes that only say "no configured anchor vouches for this", which is
# expected without a trust list and says nothing about the file's integrity.
TRUST_ONLY_CODES = frozenset({"signingCredential.untrusted", "timeStamp.untrusted"})

# The formats callers name (Pillow format names, extensions) and the MIME type
# the SDK wants. Anything else is left to the SDK to detect from the bytes.
MIME_OF_FORMAT = {
    "jpeg": "image/jpeg", "jpg": "image/jpeg", "jpe": "image/jpeg", "mpo": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "tiff": "image/tiff", "tif": "image/tiff",
    "heic": "image/heic", "heif": "image/heif",
    "avif": "image/avif",
    "dng": "image/x-adobe-dng",
    "svg": "image/svg+xml",
}

_trust_anchors_pem: str | None = None
_context_cache: dict[tuple[int, str | None], Any] = {}
_context_lock = threading.Lock()


def configure_trust(anchors_pem: str | None) -> None:
    """Trust manifests whose signing chain ends in one of these PEM root certificates.

    `None` removes any anchors (the default): states are then "Valid" or
    "Invalid", never "Trusted". The setting is per process; a process pool must
    call this in each worker. Raises ValueError for text that holds no
    certificate, since that is a configuration mistake worth stopping on.
    """
    global _trust_anchors_pem
    if anchors_pem is not None and "-----BEGIN CERTIFICATE-----" not in anchors_pem:
        raise ValueError("trust anchors must be PEM certificates (-----BEGIN CERTIFICATE-----)")
    with _context_lock:
        _trust_anchors_pem = anchors_pem
        _context_cache.clear()


def offline_settings(anchors_pem: str | None) -> dict[str, Any]:
    """The SDK settings read_c2pa uses: no network of any kind, trust as configured."""
    settings: dict[str, Any] = {
        "version": 1,
        "verify": {
            "verify_after_reading": True,
            "verify_trust": True,
            "remote_manifest_fetch": False,
            "ocsp_fetch": False,
        },
        "core": {"allowed_network_hosts": []},
    }
    if anchors_pem:
        settings["trust"] = {"trust_anchors": anchors_pem}
    return settings


def _context():
    import c2pa

    # A Context holds native state that does not survive fork, so each process
    # builds its own; within a process one Context serves every read.
    key = (os.getpid(), _trust_anchors_pem)
    with _context_lock:
        context = _context_cache.get(key)
        if context is None:
            _context_cache.clear()
            context = c2pa.Context.from_dict(offline_settings(_trust_anchors_pem))
            _context_cache[key] = context
        return context


def mime_type_for(fmt: str | None, path: Path) -> str | None:
    """MIME type for a format name, MIME type or the file's extension; None to let the SDK detect."""
    if fmt:
        text = fmt.strip().lower()
        if "/" in text:
            return text
        if text.lstrip(".") in MIME_OF_FORMAT:
            return MIME_OF_FORMAT[text.lstrip(".")]
    return MIME_OF_FORMAT.get(path.suffix.lower().lstrip("."))


def one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split())
    return text[:300] if text else type(error).__name__


def read_c2pa(
    path: Path | str,
    fmt: str | None = None,
    *,
    max_bytes: int = MAX_C2PA_BYTES,
    stream: BinaryIO | None = None,
    size: int | None = None,
) -> dict:
    """The C2PA evidence of one file: `{}` when it carries no manifest. Never raises.

    `present` is True when a store (or a remote reference) was found and None when
    the file could not be examined at all (too large, unreadable, unsupported).
    With `stream` (seekable, `size` bytes long) the bytes are read from it and
    `path` only names them: the caller's open file is reused, and an archive
    member needs no file of its own.
    """
    file = Path(path)
    if size is None:
        try:
            size = file.stat().st_size
        except OSError as exc:
            return {"present": None, "error": one_line(f"cannot read file: {exc.strerror or exc}")}
    if size > max_bytes:
        return {"present": None, "error": f"file is {size} bytes, above the {max_bytes}-byte limit for C2PA validation; not checked"}
    try:
        if stream is not None:
            stream.seek(0)
            return _read(stream, mime_type_for(fmt, file))
        with open(file, "rb") as opened:
            return _read(opened, mime_type_for(fmt, file))
    except OSError as exc:
        return {"present": None, "error": one_line(f"cannot read file: {exc.strerror or exc}")}
    except Exception as exc:  # the SDK's errors are many and version-dependent
        return {"present": True, "error": one_line(exc)}


def _read(stream: BinaryIO, mime: str | None) -> dict:
    import c2pa

    try:
        reader = c2pa.Reader(mime, stream, context=_context())
    except c2pa.C2paError.ManifestNotFound:
        return {}
    except c2pa.C2paError as exc:
        url = remote_url_in(str(exc))
        if url:
            # Only a reference to a manifest elsewhere: record where, do not go.
            return {"present": True, "embedded": False, "remote_manifest_url": url}
        if _is_unsupported(exc):
            return {"present": None, "error": one_line(exc)}
        return {"present": True, "error": one_line(exc)}
    with reader:
        store = json.loads(reader.json())
        facts = summarise_store(store)
        # Claims v2 no longer record the asset's format; the one we read it as will do.
        facts["format"] = facts.get("format") or mime
        facts["embedded"] = _safely(reader.is_embedded, True)
        url = _safely(reader.get_remote_url, None)
        if url:
            facts["remote_manifest_url"] = url
        return facts


def _safely(call, default):
    try:
        return call()
    except Exception:
        return default


def _is_unsupported(exc: Exception) -> bool:
    import c2pa

    return isinstance(exc, c2pa.C2paError.NotSupported)


REMOTE_URL = re.compile(r"(?:url|uri)\s+\"?(https?://[^\s\"]+)", re.IGNORECASE)


def remote_url_in(message: str) -> str | None:
    """The URL of a remote manifest the SDK declined to fetch, from its error message."""
    if not message.lower().startswith("remote"):
        return None
    match = REMOTE_URL.search(message)
    return match.group(1) if match else None


def summarise_store(store: dict) -> dict:
    """Reduce the SDK's manifest-store JSON to the fields the auditor reasons about."""
    manifests = store.get("manifests") or {}
    label = store.get("active_manifest")
    manifest = manifests.get(label) or {}
    signature = manifest.get("signature_info") or {}
    state = store.get("validation_state")
    codes = failure_codes(store)
    ingredients = manifest.get("ingredients") or []
    return {
        "present": True,
        "active_manifest": label,
        "manifest_count": len(manifests),
        "claim_generator": claim_generator_of(manifest),
        "title": manifest.get("title"),
        "format": manifest.get("format"),
        "signer": signature.get("issuer") or signature.get("common_name"),
        "signature": {k: signature[k] for k in ("alg", "issuer", "common_name", "cert_serial_number", "time") if signature.get(k) is not None},
        "signed_at": signature.get("time"),
        "actions": actions_of(manifest) + ingredient_actions(manifest, manifests),
        "ingredients": [i.get("title") for i in ingredients],
        "validation_state": state,
        "validation_codes": codes,
        "trusted": state == "Trusted",
        "integrity_failures": [c for c in codes if c not in TRUST_ONLY_CODES],
    }


def claim_generator_of(manifest: dict) -> str | None:
    """'name/version' of the tool that made the claim (v1 string or v2 info list)."""
    if isinstance(manifest.get("claim_generator"), str) and manifest["claim_generator"]:
        return manifest["claim_generator"]
    infos = manifest.get("claim_generator_info") or []
    if isinstance(infos, dict):
        infos = [infos]
    for info in infos:
        if isinstance(info, dict) and info.get("name"):
            version = info.get("version")
            return f"{info['name']}/{version}" if version else str(info["name"])
    return None


def software_agent_text(agent: Any) -> str | None:
    """softwareAgent is a string in actions v1 and {name, version} in v2."""
    if isinstance(agent, str):
        return agent or None
    if isinstance(agent, dict) and agent.get("name"):
        return " ".join(str(agent[k]) for k in ("name", "version") if agent.get(k))
    return None


def actions_of(manifest: dict, ingredient: str | None = None) -> list[dict]:
    found = []
    for assertion in manifest.get("assertions") or []:
        if not ACTIONS_LABEL.match(str(assertion.get("label", ""))):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            if not isinstance(action, dict):
                continue
            parameters = action.get("parameters") if isinstance(action.get("parameters"), dict) else {}
            found.append({
                "action": action.get("action"),
                # v1 sometimes carried the source type inside parameters.
                "digitalSourceType": action.get("digitalSourceType") or parameters.get("digitalSourceType"),
                "softwareAgent": software_agent_text(action.get("softwareAgent")),
                "when": action.get("when"),
                "ingredient": ingredient,
            })
    return found


def ingredient_actions(manifest: dict, manifests: dict, depth: int = 1, seen: set | None = None) -> list[dict]:
    """Actions recorded in the ingredients' own manifests, each flagged with the ingredient's title."""
    if depth > MAX_INGREDIENT_DEPTH:
        return []
    seen = set() if seen is None else seen
    found: list[dict] = []
    for ingredient in manifest.get("ingredients") or []:
        label = ingredient.get("active_manifest")
        if not label or label in seen or label not in manifests:
            continue
        seen.add(label)
        inner = manifests[label]
        found += actions_of(inner, ingredient=ingredient.get("title") or label)
        found += ingredient_actions(inner, manifests, depth + 1, seen)
    return found


def failure_codes(store: dict) -> list[str]:
    """Distinct failure codes of the active manifest and its ingredients, in report order."""
    codes: list[str] = []
    results = store.get("validation_results")
    if isinstance(results, dict):
        entries = list((results.get("activeManifest") or {}).get("failure") or [])
        for delta in results.get("ingredientDeltas") or []:
            entries += ((delta or {}).get("validationDeltas") or {}).get("failure") or []
    else:
        # Older SDKs report one flat list and no success/failure split.
        entries = store.get("validation_status") or []
    for entry in entries:
        code = entry.get("code") if isinstance(entry, dict) else None
        if code and code not in codes:
            codes.append(code)
    return codes
