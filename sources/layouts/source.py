"""read_source: read an import source the way the service would for a dataset type."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from models import SANDBOX_UNREACHABLE
from models.messages import N_, Message

from ..storage import PathError, Storage, resolve_hdfs_path, resolve_obs_path
from .context import Progress, ReadContext
from .folders import image_classification, object_detection, sound_classification, unlabeled_files
from .types import (
    FREE_FORMAT,
    IMAGE_CLASSIFICATION,
    IMAGE_SEGMENTATION,
    NAMED_ENTITY,
    OBJECT_DETECTION,
    SOUND_CLASSIFICATION,
    SPEECH_CONTENT,
    SPEECH_PARAGRAPH,
    TABLE,
    TEXT_CLASSIFICATION,
    TEXT_TRIPLET,
    VIDEO,
    ImportFailure,
    SourceProblem,
    SourceSample,
)

if TYPE_CHECKING:
    from models import ImportTaskRequest

Item = SourceSample | SourceProblem



def read_source(
    storage: Storage,
    request: ImportTaskRequest,
    dataset_type: int,
    *,
    schema_columns: int | None = None,
    max_files: int | None = None,
    progress: Progress | None = None,
    lenient: bool = False,
    check_sources: bool = True,
    source_sizes: bool = True,
) -> Iterator[Item]:
    """Samples and problems of `request`'s source, read lazily from `storage`.

    Raises ImportFailure at once when the path is refused or missing (ModelArts.4313/4315/4311/4312)
    or the source is one the sandbox cannot reach, and, when iteration reaches it, for an import that
    yields no sample (ModelArts.4340) or a manifest over 8 MB (ModelArts.4340). With `lenient` (the
    preflight), those last two are yielded as SourceProblems instead and reading goes on.
    `max_files` bounds the files listed, and for manifests, text and CSV files the lines read.
    `progress(done, total)` counts files for folders (total None), bytes for a single file.
    `check_sources`: for manifests, look up each referenced object (existence and size).
    `source_sizes` false (with check_sources): look up only whether each referenced object exists (from
    one listing of its folder where the storage can), not its size: the 5 MB image limit is then not
    applied to a manifest's objects, and their samples have size 0.
    """
    root, root_is_file = _locate(storage, request)
    ctx = ReadContext(
        storage, request, dataset_type, root, root_is_file,
        max_files=max_files, schema_columns=schema_columns, check_sources=check_sources,
        source_sizes=source_sizes, progress=progress,
    )
    if _import_type(request) == "manifest" and not root_is_file:
        raise ImportFailure(
            "ModelArts.4340",
            f"{_shown(request)} is a folder; a manifest import needs the path of the .manifest file itself.",
        )
    return _read(ctx, _layout(ctx, lenient), lenient)


def _read(ctx: ReadContext, layout: Iterator[Item], lenient: bool) -> Iterator[Item]:
    """The layout's items, then what is said at the end. The items after the first sample come straight
    from the layout (chain, a C-level step each), as most of a large source does."""
    found: list[SourceSample] = []
    return chain(_until_a_sample(layout, found), layout, _ending(ctx, found, lenient))


def _until_a_sample(layout: Iterator[Item], found: list[SourceSample]) -> Iterator[Item]:
    for item in layout:
        yield item
        if isinstance(item, SourceSample):
            found.append(item)
            return


def _ending(ctx: ReadContext, found: list[SourceSample], lenient: bool) -> Iterator[Item]:
    if not ctx.root_is_file:
        ctx.report(ctx.files_seen, None)
    yield from ctx.skipped
    if ctx.sampled:
        yield SourceProblem(
            ctx.root, None, "sampled",
            Message(N_("only the first {count} files or lines were read; the rest of the source was not checked."),
                    {"count": ctx.max_files}), "info",
        )
    if not found and not ctx.sampled:
        message = Message(N_("{path} contains no file that this dataset type can import."),
                          {"path": _shown(ctx.request)})
        if not lenient:
            raise ImportFailure("ModelArts.4340", str(message))  # the service's own words, in English
        yield SourceProblem(ctx.root, None, "nothing_importable", message)


def _layout(ctx: ReadContext, lenient: bool) -> Iterator[Item]:
    kind = ctx.dataset_type
    if _import_type(ctx.request) == "manifest":
        from .manifest import read_manifest

        return read_manifest(ctx, lenient)
    if kind == IMAGE_CLASSIFICATION:
        return image_classification(ctx)
    if kind in (OBJECT_DETECTION, IMAGE_SEGMENTATION):
        return object_detection(ctx)
    if kind == SOUND_CLASSIFICATION:
        return sound_classification(ctx)
    if kind in (SPEECH_CONTENT, SPEECH_PARAGRAPH):
        return unlabeled_files(ctx, frozenset({"audio"}))
    if kind == VIDEO:
        return unlabeled_files(ctx, frozenset({"video"}))
    if kind == FREE_FORMAT:
        return unlabeled_files(ctx, None)
    if kind in (TEXT_CLASSIFICATION, NAMED_ENTITY, TEXT_TRIPLET):
        from .text import read_text

        return read_text(ctx)
    if kind == TABLE:
        from .table import read_table

        return read_table(ctx)
    raise ImportFailure("ModelArts.0104", f"dataset type {kind} has no directory import.")


def _locate(storage: Storage, request: Any) -> tuple[str, bool]:
    """The storage key of the import path and whether it is a single file; ImportFailure if unusable."""
    from models.data_sources import SOURCES

    kind = request.source_kind
    try:
        if kind == "mrs":
            info = request.data_source.source_info if request.data_source else None
            path = info.input if info else None
            if not path:
                raise ImportFailure("ModelArts.4345", "data_source.source_info.input (HDFS path) is empty.")
            scheme, rest = resolve_hdfs_path(path)
        elif "sandbox" not in SOURCES[kind].check_source:
            raise ImportFailure(
                SANDBOX_UNREACHABLE,
                f"The sandbox has no {SOURCES[kind].label}: it can only import from OBS paths (its "
                "local folder) and MRS HDFS paths. Send this import to ModelArts on Huawei Cloud.",
            )
        else:
            path = request.import_path
            if not path:
                raise ImportFailure("ModelArts.4312", "import_path is empty. Enter the OBS path to import.")
            scheme, rest = resolve_obs_path(path)
    except PathError as exc:
        raise ImportFailure(exc.code, exc.message) from exc
    key = f"{scheme}/{rest}"
    if scheme == "obs":
        bucket = rest.split("/", 1)[0]
        if not storage.is_dir(f"obs/{bucket}"):
            raise ImportFailure("ModelArts.4311", f"the OBS bucket {bucket!r} does not exist.")
    if storage.size(key) is not None:
        return key, True
    if storage.is_dir(key):
        return key, False
    code = "ModelArts.4345" if scheme == "hdfs" else "ModelArts.4312"
    raise ImportFailure(code, f"{path} does not exist.")


def _import_type(request: Any) -> str:
    return str(request.import_type or "dir")


def _shown(request: Any) -> str:
    return request.import_path or "the import path"
