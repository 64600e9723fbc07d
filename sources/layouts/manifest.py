"""Manifest imports: UTF-8 JSON Lines, one sample per line (reference §5), streamed line by line."""

from __future__ import annotations

import json
import re
import sys
from collections import deque
from collections.abc import Callable, Container, Generator, Iterator
from dataclasses import replace
from itertools import chain
from operator import attrgetter
from typing import Any

import orjson

from models.messages import N_, Message

from ..storage import PathError, SizeLookups, listed_names, object_exists, resolve_obs_path, size_lookups
from .context import ReadContext
from .files import (
    MAX_IMAGE_BYTES,
    MAX_MANIFEST_BYTES,
    SUPPORTED_IMAGE_EXTENSIONS,
    extension,
    image_problem,
    kind_of_extension,
)
from .folders import read_voc
from .lines import iter_line_chunks
from .types import (
    IMAGE_TYPES,
    LINE_NOT_UTF8,
    LINE_TOO_LONG,
    ImportFailure,
    SampleAnnotation,
    SourceProblem,
    SourceSample,
)

Item = SourceSample | SourceProblem
CONTENT_SCHEME = "content://"
SOURCE_SCHEMES = ("s3://", "obs://", "/")
_TRUE = {"true", "1", "yes"}
LINES_AHEAD_CHUNKS = 32  # chunks of lines read ahead at most while their objects' sizes are looked up
# A source the fast path takes: s3:// or obs://, then segments of the characters the service accepts, none
# empty or starting with '.' (so no '//', '.', '..' or trailing '/'), at least a bucket and a name. Anything
# else goes the full way.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_NAME_CHARACTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_key_of = attrgetter("key")
_PLAIN_FOLDER = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


def read_manifest(ctx: ReadContext, lenient: bool) -> Iterator[Item]:
    manifest = ctx.root
    total = ctx.storage.size(manifest) or 0
    if total > MAX_MANIFEST_BYTES:
        message = Message(
            N_("the manifest is {size} MB; the service refuses manifests over 8 MB. Split it into several manifests "
               "and import each."),
            {"size": f"{total / 1024 / 1024:.1f}"},
        )
        if not lenient:
            raise ImportFailure("ModelArts.4340", str(message))  # the service's own words, in English
        yield SourceProblem(manifest, None, "manifest_too_large", message)
    ctx.files_seen = 0  # the lines read
    max_lines = sys.maxsize if ctx.max_files is None else ctx.max_files
    lookups: SizeLookups | None = None
    fast: Callable[[list[bytes | None]], _Pending] | None = None
    waiting: deque[tuple[int, list[bytes | None], int, _Pending]] = deque()
    try:
        with ctx.storage.open(manifest) as stream:
            for chunk in chain(iter_line_chunks(stream), (None,)):  # (None: the end, when every chunk waiting goes)
                if chunk is not None:
                    lines = chunk[1]
                    if fast is None:  # the objects' sizes are looked up ahead, a chunk at a time, while reading on
                        if ctx.check_sources and ctx.source_sizes:
                            lookups = size_lookups(ctx.storage)
                        fast = _fast_lines(ctx, lookups)
                    waiting.append((*chunk, fast(lines)))
                while waiting and (chunk is None or len(waiting) > LINES_AHEAD_CHUNKS or waiting[0][3].ready()):
                    first_line, lines, consumed, pending = waiting.popleft()
                    ctx.report_bytes(consumed, total)
                    samples = pending.samples()
                    if None not in samples and ctx.files_seen + len(samples) <= max_lines:  # a chunk of plain lines
                        ctx.files_seen += len(samples)
                        yield from samples
                    elif (yield from _chunk_items(ctx, first_line, lines, samples, max_lines)):
                        return
    finally:
        if lookups is not None:
            lookups.close()


def _chunk_items(ctx: ReadContext, first_line: int, lines: list[bytes | None], samples: list[SourceSample | None],
                 max_lines: int) -> Generator[Item, None, bool]:
    """The items of a chunk of lines, some of which go the full way, in order; True when the bound on the lines
    read stopped the reading."""
    lines_read = ctx.files_seen
    for offset, (raw, sample) in enumerate(zip(lines, samples, strict=True)):
        if sample is None and raw is not None and (not raw or raw.isspace()):
            continue
        if lines_read >= max_lines:
            ctx.sampled = True
            ctx.files_seen = lines_read
            return True
        lines_read += 1
        if sample is not None:
            yield sample
        else:
            yield from _read_line(ctx, first_line + offset, raw)
    ctx.files_seen = lines_read
    return False


class _Pending:
    """The samples of a chunk's plain lines, once the sizes asked for them have come."""

    def __init__(self, samples: list[SourceSample | None],
                 finish: Callable[[], list[SourceSample | None]] | None = None,
                 lookups: SizeLookups | None = None) -> None:
        self._samples, self._finish, self._lookups = samples, finish, lookups

    def ready(self) -> bool:
        return self._finish is None or self._lookups is None or self._lookups.ready()

    def samples(self) -> list[SourceSample | None]:
        return self._samples if self._finish is None else self._finish()


def _fast_lines(ctx: ReadContext, lookups: SizeLookups | None) -> Callable[[list[bytes | None]], _Pending]:
    """For a chunk of lines, the sample of each plain line (an OBS image or file with named annotations,
    nothing to report), or None where a line needs the full reading of `_read_line` (which then finds the
    same sample or the problems), e.g. a blank line, or None for one over the length limit.

    Most lines of a large manifest are plain, and this is the per-line part of reading one: it makes the
    same checks as `_read_line` on the cheap. The JSON is parsed by orjson (RFC 8259 JSON only: a line it
    refuses goes the full way, with json); each folder of sources is checked once, and with `source_sizes`
    false, existence is a lookup in one listing of the folder's names. With `source_sizes`, the sizes of a
    chunk's objects are asked of `lookups` as one batch and taken when the chunk's samples are (`_Pending`),
    so that they can be looked up meanwhile (see `SizeLookups`).
    """
    loads = orjson.loads  # what it reads, json reads alike; it parses a line several times faster
    plain_name = _PLAIN_NAME.fullmatch
    check_sources = ctx.check_sources
    sizes = check_sources and ctx.source_sizes
    by_listing = check_sources and not sizes  # existence only: from a listing of each folder
    exists = object_exists(ctx.storage)
    images_only = ctx.dataset_type in IMAGE_TYPES
    # a source up to its last '/' -> (key prefix, names of the objects surely in it, folder key), None: not plain
    places: dict[str, tuple[str, Container[str] | None, str] | None] = {}
    kinds: dict[str, tuple[str, bool]] = {}  # a name's ending from its last dot -> (kind, supported image)
    plain_labels: dict[str, SampleAnnotation] = {}  # label -> its annotation, shared (they are immutable)
    difficult_labels: dict[str, SampleAnnotation] = {}

    def _place(head: str) -> tuple[str, Container[str] | None, str] | None:
        """For "s3://bucket/folder": the key prefix of its objects, when looked up by listing their names, and
        the folder's key."""
        scheme = next((scheme for scheme in ("s3://", "obs://") if head.startswith(scheme)), None)
        folder = head[len(scheme) :] if scheme else ""
        if not _PLAIN_FOLDER.fullmatch(folder):
            return None
        listed = listed_names(ctx.storage, f"obs/{folder}") if check_sources and not sizes else None
        return f"obs/{folder}/", listed, f"obs/{folder}"

    def fast(lines: list[bytes | None]) -> _Pending:
        samples: list[SourceSample | None] = []
        add = samples.append
        names: list[str] = []  # the name of each sample's object, checked below for the whole chunk at once
        add_name = names.append
        first_place: object = None  # the place of the chunk's first sample,
        one_place = True  # and whether all its samples are there
        ending, kind, supported_image = "", "other", False
        for raw in lines:
            add(None)  # replaced below by the line's sample when it is plain
            if raw is None:
                continue
            try:
                record = loads(raw)
            except ValueError:  # not JSON as orjson reads it (nor UTF-8, or NaN...): the full way decides
                continue
            if type(record) is not dict:
                continue
            source = record.get("source")
            if type(source) is not str:
                continue
            cut = source.rfind("/")
            place = places.get(source[:cut], False)
            if place is False:
                place = places[source[:cut]] = _place(source[:cut])
            if place is None:
                continue
            name = source[cut + 1 :]
            prefix, listed, _ = place
            hard = record.get("hard")
            if hard is not None and hard is not True and hard is not False:
                continue
            key = prefix + name
            if not (ending and name.endswith(ending)):  # (its ending from the last dot: mostly the line before's)
                dot = name.rfind(".")
                ending = name[dot:] if dot > 0 else ""
                kind_info = kinds.get(ending)
                if kind_info is None:
                    ext = ending.lower()
                    kind_info = kinds[ending] = (kind_of_extension(ext), ext in SUPPORTED_IMAGE_EXTENSIONS)
                kind, supported_image = kind_info
            if images_only and not supported_image:
                continue
            if by_listing and (name not in listed if listed is not None
                               else plain_name(name) is None or not exists(key)):  # (a lookup for plain names only)
                continue  # (not in the listing: exists(key) in the full way says whether it is there)
            value = record.get("annotation")
            if value is None:
                annotations: list[SampleAnnotation] = []
            elif type(value) is not list:
                continue
            elif len(value) == 1 and type(first := value[0]) is dict and len(first) == 1:  # [{"name": ...}], usual
                label = first.get("name")
                if type(label) is not str or not label:
                    continue
                annotation = plain_labels.get(label)
                if annotation is None:
                    annotation = plain_labels[label] = SampleAnnotation(label)
                annotations = [annotation]
            else:
                annotations = []
                for item in value:
                    if type(item) is not dict:
                        break
                    label = item.get("name")
                    difficult = item.get("hard")
                    if (type(label) is not str or not label or "annotation-loc" in item or "annotation_loc" in item
                            or (difficult is not None and difficult is not True and difficult is not False)):
                        break
                    shared = difficult_labels if difficult else plain_labels
                    annotation = shared.get(label)
                    if annotation is None:
                        annotation = shared[label] = SampleAnnotation(label, difficult is True)
                    annotations.append(annotation)
                else:
                    samples[-1] = SourceSample(key, key, kind, annotations, hard is True)
                    add_name(name)
                    if place is not first_place:
                        one_place = first_place is None
                        first_place = place
                continue
            samples[-1] = SourceSample(key, key, kind, annotations, hard is True)
            add_name(name)
            if place is not first_place:
                one_place = first_place is None
                first_place = place
        if names and not _all_plain_names(names):  # seldom: look at each name
            for index, sample in enumerate(samples):
                if sample is not None and plain_name(sample.key.rpartition("/")[2]) is None:
                    samples[index] = None
        if not sizes or not names:
            return _Pending(samples)
        sized: list[SourceSample] = list(filter(None, samples))  # (a sample is always true)
        keys = list(map(_key_of, sized))
        if not sized:
            return _Pending(samples)
        folders = [first_place[2]] * len(keys) if one_place else [key.rpartition("/")[0] for key in keys]  # type: ignore[index]
        assert lookups is not None
        lookups.ask(keys, folders)

        def finish() -> list[SourceSample | None]:
            found = lookups.answer()
            if None in found or (images_only and max(found) > MAX_IMAGE_BYTES):  # type: ignore[type-var]
                dropped = {id(sample) for sample, size in zip(sized, found, strict=True)
                           if size is None or (images_only and size > MAX_IMAGE_BYTES)}
                for index, sample in enumerate(samples):
                    if id(sample) in dropped:
                        samples[index] = None  # missing, or too large: the full way tells why
            for sample, size in zip(sized, found, strict=True):
                sample.size = size or 0
            return samples

        return _Pending(samples, finish, lookups)

    return fast


def _all_plain_names(names: list[str]) -> bool:
    """Whether every name matches _PLAIN_NAME, in a few C-level steps for all of them."""
    if "" in names:
        return False
    joined = "\0".join(names)
    if not joined.isascii():
        return False
    text = joined.encode("ascii")
    return (text.translate(None, _NAME_CHARACTERS) == b"\0" * (len(names) - 1)
            and not text.startswith(b".") and b"\0." not in text)


def _read_line(ctx: ReadContext, line_no: int, raw: bytes | None) -> Iterator[Item]:
    if raw is None:
        yield _problem(ctx, line_no, "line_too_long", LINE_TOO_LONG)
        return
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        yield _problem(ctx, line_no, "encoding", LINE_NOT_UTF8)
        return
    except json.JSONDecodeError as exc:
        yield _problem(
            ctx, line_no, "manifest_json",
            Message(N_("the line is not valid JSON ({reason} at column {column}); it is not imported. Fix the line."),
                    {"reason": exc.msg, "column": exc.colno}),
        )
        return
    except RecursionError:
        yield _problem(
            ctx, line_no, "manifest_json",
            Message(N_("the line is nested too deeply (arrays or objects inside each other thousands of times) to "
                       "be read; it is not imported. Fix the line.")),
        )
        return
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        yield _problem(
            ctx, line_no, "manifest_json",
            Message(N_("the line holds a number with too many digits to be read; it is not imported. Fix the line.")),
        )
        return
    if not isinstance(record, dict):
        yield _problem(ctx, line_no, "manifest_json",
                       Message(N_("the line is not a JSON object; it is not imported.")))
        return
    source = record.get("source")
    if not isinstance(source, str) or not source or source.isspace():
        yield _problem(
            ctx, line_no, "manifest_no_source",
            Message(N_('the line has no "source" (the object to import, e.g. "s3://bucket/images/1.jpg"); it is not '
                       "imported.")),
        )
        return
    problems: list[SourceProblem] = []
    sample = _sample(ctx, line_no, source, problems)
    if sample is not None:
        sample.hard = _flag(record.get("hard"))
        sample.annotations = _annotations(ctx, line_no, record.get("annotation"), problems)
    yield from problems
    if sample is not None:
        yield sample


def _sample(ctx: ReadContext, line_no: int, source: str, problems: list[SourceProblem]
            ) -> SourceSample | None:
    if source.startswith(CONTENT_SCHEME):
        text = source[len(CONTENT_SCHEME) :]
        return SourceSample(f"{ctx.root}#{line_no}", source, "text", size=len(text.encode("utf-8")))
    if not source.startswith(SOURCE_SCHEMES):
        problems.append(_problem(
            ctx, line_no, "manifest_source",
            Message(N_("source {source} is neither an OBS path (s3://, obs://) nor content://; the line is not "
                       "imported."), {"source": repr(source[:120])}),
        ))
        return None
    try:
        scheme, rest = resolve_obs_path(source)
    except PathError as exc:
        problems.append(
            _problem(ctx, line_no, "path_characters",
                     Message(N_("source: {reason} It is not imported."), {"reason": exc.message}))
        )
        return None
    key = f"{scheme}/{rest}"
    ext = extension(key)
    kind = kind_of_extension(ext)
    size: int | None = None
    if ctx.check_sources:
        found = ctx.storage.size(key) if ctx.source_sizes else (0 if object_exists(ctx.storage)(key) else None)
        size = found if ctx.source_sizes else None
        if found is None:
            problems.append(_problem(
                ctx, line_no, "manifest_missing_object",
                Message(N_("source {source} does not exist (deleted or moved?); the line is not imported."),
                        {"source": source}),
            ))
            return None
    if ctx.dataset_type in IMAGE_TYPES and (ext not in SUPPORTED_IMAGE_EXTENSIONS or (size or 0) > MAX_IMAGE_BYTES):
        problem = image_problem(key, size, line_no, ctx.root)
        if problem:
            problems.append(problem)
            return None
    return SourceSample(key, key, kind, size=size or 0)


def _annotations(ctx: ReadContext, line_no: int, value: Any, problems: list[SourceProblem]
                 ) -> list[SampleAnnotation]:
    found: list[SampleAnnotation] = []
    if value is None:
        return found
    if not isinstance(value, list):
        problems.append(_problem(
            ctx, line_no, "manifest_annotation",
            Message(N_('"annotation" must be a list of objects; the sample is imported unlabeled.')), "warning",
        ))
        return found
    for index, annotation in enumerate(value):
        if not isinstance(annotation, dict):
            problems.append(_problem(ctx, line_no, "manifest_annotation",
                                     Message(N_("annotation {number} is not a JSON object; it is not imported."),
                                             {"number": index + 1}),
                                     "warning"))
            continue
        hard = _flag(annotation.get("hard"))
        location = annotation.get("annotation-loc")
        if location is None:
            location = annotation.get("annotation_loc")
        name = annotation.get("name")
        if isinstance(location, str) and location:
            found.extend(_located(ctx, line_no, index + 1, location, hard, problems))
        elif isinstance(name, str) and name:
            found.append(SampleAnnotation(name, hard))
        else:
            problems.append(_problem(
                ctx, line_no, "manifest_annotation",
                Message(N_('annotation {number} has neither "name" nor "annotation-loc"; it is not imported.'),
                        {"number": index + 1}), "warning",
            ))
    return found


def _located(ctx: ReadContext, line_no: int, number: int, location: str, hard: bool,
             problems: list[SourceProblem]) -> Iterator[SampleAnnotation]:
    """The objects of the VOC file an object detection / segmentation annotation points at."""
    try:
        scheme, rest = resolve_obs_path(location)
    except PathError as exc:
        problems.append(_problem(ctx, line_no, "manifest_annotation",
                                 Message(N_("annotation {number}: annotation-loc: {reason}"),
                                         {"number": number, "reason": exc.message}), "warning"))
        return
    key = f"{scheme}/{rest}"
    if ctx.storage.size(key) is None:
        problems.append(_problem(
            ctx, line_no, "manifest_annotation",
            Message(N_("annotation {number}: annotation-loc {location} does not exist; the sample is imported "
                       "without it."), {"number": number, "location": location}),
            "warning",
        ))
        return
    annotations, voc_problems = read_voc(ctx, key)
    problems.extend(voc_problems)
    for annotation in annotations:
        yield replace(annotation, difficult=True) if hard and not annotation.difficult else annotation


def _problem(ctx: ReadContext, line_no: int, code: str, message: Message, severity: str = "error"
             ) -> SourceProblem:
    return SourceProblem(ctx.root, line_no, code, message, severity)


def _flag(value: Any) -> bool:
    if value is None or value is False or value is True:
        return bool(value)
    return str(value).strip().lower() in _TRUE
