"""Reads what a request posted (multipart parts, or JSON with base64 files) into
uploads and options, enforcing the per-image cap. Bad input is a `PostRefused`
with its HTTP status, answered as one line."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from fastapi import Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from ..config import Config
from .api_models import CheckOptions, CheckRequest, EncodedFile, InspectRequest
from .settings import ServeSettings
from .uploads import Upload, UploadRefused, member_name


class PostRefused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class PostedStory:
    uploads: tuple[Upload, ...]
    article: str | None
    options: CheckOptions


async def read_story(request: Request, settings: ServeSettings, *, needs_article: bool) -> PostedStory:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        story = await _from_form(request, settings)
    elif kind == "application/json":
        story = _from_json(await request.body(), settings, needs_article)
    else:
        raise PostRefused(415, "send multipart/form-data, application/x-www-form-urlencoded or application/json")
    if needs_article and story.article is None:
        raise PostRefused(422, "no article: send an 'article' file or 'article_text'")
    if not needs_article and not story.uploads:
        raise PostRefused(422, "no image: send one or more 'images'")
    return story


def checked_options(options: CheckOptions) -> dict:
    """The options as a config update, validated as the config validates them."""
    update = options.as_update()
    if update:
        try:
            Config(**update)
        except ValidationError as error:
            raise PostRefused(422, _first(error)) from None
    return update


async def _from_form(request: Request, settings: ServeSettings) -> PostedStory:
    try:
        form = await request.form(max_files=settings.max_files, max_fields=settings.max_files + 8,
                                  max_part_size=settings.max_request_bytes)
    except Exception as error:  # starlette raises HTTPException for a malformed body; anything else is the same news
        from starlette.exceptions import HTTPException
        from .request_size import BodyTooLarge

        if isinstance(error, BodyTooLarge):
            raise
        detail = error.detail if isinstance(error, HTTPException) else type(error).__name__
        raise PostRefused(400, f"malformed multipart body: {detail}") from None
    try:
        uploads: list[Upload] = []
        article = None
        part = form.get("article")
        if isinstance(part, UploadFile):
            data = await _read_part(part, settings.max_request_bytes, "article")
            article = _add(uploads, part.filename or "article.html", data)
        elif isinstance(part, str) or isinstance(form.get("article_text"), str):
            text = part if isinstance(part, str) else form.get("article_text")
            name = form.get("article_name")
            article = _add(uploads, name if isinstance(name, str) else "article.html", text.encode("utf-8"))
        for image in form.getlist("images"):
            if not isinstance(image, UploadFile):
                raise PostRefused(422, "'images' must be file parts")
            _add(uploads, image.filename or "", await _read_part(image, settings.max_image_bytes, "image"))
        options = form.get("options")
        parsed = CheckOptions()
        if isinstance(options, str) and options.strip():
            try:
                parsed = CheckOptions.model_validate_json(options)
            except ValidationError as error:
                raise PostRefused(422, f"options: {_first(error)}") from None
        return PostedStory(tuple(uploads), article, parsed)
    finally:
        await form.close()  # spooled parts are deleted here, when the request ends


def _from_json(body: bytes, settings: ServeSettings, needs_article: bool) -> PostedStory:
    model = CheckRequest if needs_article else InspectRequest
    try:
        posted = model.model_validate_json(body)
    except ValidationError as error:
        raise PostRefused(422, _first(error)) from None
    uploads: list[Upload] = []
    article = None
    if isinstance(posted, CheckRequest):
        if posted.article is not None:
            article = _add(uploads, posted.article.name, _decoded(posted.article, settings.max_request_bytes))
        elif posted.article_text is not None:
            article = _add(uploads, posted.article_name, posted.article_text.encode("utf-8"))
    for image in posted.images:
        _add(uploads, image.name, _decoded(image, settings.max_image_bytes))
    return PostedStory(tuple(uploads), article, posted.options if isinstance(posted, CheckRequest) else CheckOptions())


async def _read_part(part: UploadFile, limit: int, what: str) -> bytes:
    data = await part.read(limit + 1)
    if len(data) > limit:
        raise PostRefused(413, f"{what} '{part.filename}' is over {limit} bytes")
    return data


def _decoded(file: EncodedFile, limit: int) -> bytes:
    if len(file.data) > (limit + 2) // 3 * 4 + 4:
        raise PostRefused(413, f"'{file.name}' is over {limit} bytes")
    try:
        data = base64.b64decode(file.data, validate=True)
    except (binascii.Error, ValueError):
        raise PostRefused(422, f"'{file.name}' is not valid base64") from None
    if len(data) > limit:
        raise PostRefused(413, f"'{file.name}' is over {limit} bytes")
    return data


def _add(uploads: list[Upload], name: str, data: bytes) -> str:
    try:
        member = member_name(name)
    except UploadRefused as refused:
        raise PostRefused(422, str(refused)) from None
    if any(u.name == member for u in uploads):
        raise PostRefused(422, f"two parts are named '{member}'")
    uploads.append(Upload(member, data))
    return member


def _first(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(p) for p in problem.get("loc", ())) or "body"
    return f"{where}: {problem.get('msg', 'invalid')}"

