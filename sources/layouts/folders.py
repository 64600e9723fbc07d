"""Directory layouts of files: image classification, object detection / segmentation (PASCAL VOC),
sound classification, and the unlabeled file datasets (video, free format, speech)."""

from __future__ import annotations

from collections.abc import Iterator

from models.messages import N_, Message

from ..storage import StoredObject
from .context import ReadContext, group_by_stem
from .files import audio_problem, characters_problem, extension, image_problem, kind_of
from .types import SampleAnnotation, SourceProblem, SourceSample
from .voc import MAX_VOC_BYTES, parse_voc

Item = SourceSample | SourceProblem
MAX_LABEL_FILE_BYTES = 64 * 1024


def folder_label(ctx: ReadContext, key: str) -> str | None:
    """The label given by the first folder below the import root (cat/1.jpg -> cat), if any."""
    relative = ctx.relative(key)
    return relative.split("/", 1)[0] if "/" in relative else None


def image_classification(ctx: ReadContext) -> Iterator[Item]:
    """One sub-folder per label (cat/1.jpg), or 1.jpg + 1.txt with one label per line, or unlabeled."""
    for group in group_by_stem(ctx.list_files()):
        label_file = next((o for o in group if extension(o.key) == ".txt"), None)
        for obj in group:
            if kind_of(obj.key) != "image":
                continue
            problem = _file_problem(ctx, obj)
            if problem:
                yield problem
                continue
            if label_file is not None:
                names, problems = _label_lines(ctx, label_file)
                yield from problems
            else:
                label = folder_label(ctx, obj.key)
                names = [label] if label else []
            yield SourceSample(obj.key, obj.key, "image", [SampleAnnotation(n) for n in names], size=obj.size)


def object_detection(ctx: ReadContext) -> Iterator[Item]:
    """x.jpg + x.xml (PASCAL VOC); an image without XML is imported unlabeled. Also image segmentation."""
    for group in group_by_stem(ctx.list_files()):
        xml = next((o for o in group if extension(o.key) == ".xml"), None)
        images = [o for o in group if kind_of(o.key) == "image"]
        if xml is not None and not images:
            yield SourceProblem(
                xml.key, None, "voc_no_image",
                Message(N_("no image with the same name lies next to this annotation file; it is not imported. "
                           "Put x.jpg beside x.xml.")), "warning",
            )
            continue
        for obj in images:
            problem = _file_problem(ctx, obj)
            if problem:
                yield problem
                continue
            annotations: list[SampleAnnotation] = []
            if xml is not None:
                annotations, problems = read_voc(ctx, xml.key, xml.size)
                yield from problems
            yield SourceSample(obj.key, obj.key, "image", annotations, size=obj.size)


def sound_classification(ctx: ReadContext) -> Iterator[Item]:
    """One sub-folder per label (cat/1.wav); WAV files at the root are imported unlabeled."""
    for obj in ctx.list_files():
        if kind_of(obj.key) != "audio":
            continue
        problem = characters_problem(obj, ctx.relative(obj.key)) or audio_problem(obj.key)
        if problem:
            yield problem
            continue
        label = folder_label(ctx, obj.key)
        annotations = [SampleAnnotation(label)] if label else []
        yield SourceSample(obj.key, obj.key, "audio", annotations, size=obj.size)


def unlabeled_files(ctx: ReadContext, kinds: frozenset[str] | None) -> Iterator[Item]:
    """Every file of the given kinds (all files when None) as an unlabeled sample."""
    for obj in ctx.list_files():
        kind = kind_of(obj.key)
        if kinds is not None and kind not in kinds:
            continue
        problem = characters_problem(obj, ctx.relative(obj.key))
        if problem is None and kind == "audio" and kinds is not None:
            problem = audio_problem(obj.key)
        if problem:
            yield problem
            continue
        yield SourceSample(obj.key, obj.key, kind, [], size=obj.size)


def read_voc(ctx: ReadContext, key: str, size: int | None = None
             ) -> tuple[list[SampleAnnotation], list[SourceProblem]]:
    """The annotations of a VOC file; `size` when the listing already gave it, else it is looked up."""
    if size is None:
        size = ctx.storage.size(key)
    if size is None:
        return [], [SourceProblem(key, None, "unreadable", Message(N_("the annotation file does not exist.")))]
    if size > MAX_VOC_BYTES:
        return [], [SourceProblem(
            key, None, "voc_too_large",
            Message(N_("the annotation file is {size} bytes; at most {most} are read. It is not imported."),
                    {"size": size, "most": MAX_VOC_BYTES}),
        )]
    voc = parse_voc(ctx.storage.read(key, MAX_VOC_BYTES), key)
    return voc.annotations, voc.problems


def _file_problem(ctx: ReadContext, obj: StoredObject) -> SourceProblem | None:
    return characters_problem(obj, ctx.relative(obj.key)) or image_problem(obj.key, obj.size)


def _label_lines(ctx: ReadContext, label_file: StoredObject) -> tuple[list[str], list[SourceProblem]]:
    """The labels of a classification .txt file, one per line (blank lines ignored)."""
    data = ctx.storage.read(label_file.key, MAX_LABEL_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [SourceProblem(
            label_file.key, line, "encoding",
            Message(N_("the label file is not UTF-8; the image is imported unlabeled.")),
            "warning",
        )]
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()], []
