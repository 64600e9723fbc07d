"""What a layout reader yields: samples with their annotations, and problems with file and line."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.messages import N_, Message

SEVERITIES = ("error", "warning", "info")
# Dataset types (models.DatasetType values) that decide the layout of a directory import.
IMAGE_CLASSIFICATION, OBJECT_DETECTION, IMAGE_SEGMENTATION = 0, 1, 3
TEXT_CLASSIFICATION, NAMED_ENTITY, TEXT_TRIPLET = 100, 101, 102
SOUND_CLASSIFICATION, SPEECH_CONTENT, SPEECH_PARAGRAPH = 200, 201, 202
TABLE, VIDEO, FREE_FORMAT = 400, 600, 900
IMAGE_TYPES = frozenset({IMAGE_CLASSIFICATION, OBJECT_DETECTION, IMAGE_SEGMENTATION})
# What the line readers say of a line they cannot take (a problem's words are Messages: shown translated).
LINE_TOO_LONG = Message(N_("the line is longer than 1 MB; it is not imported."))
LINE_NOT_UTF8 = Message(N_("the line is not UTF-8 text; it is not imported."))
LINE_UNREADABLE = Message(N_("the line cannot be read."))


@dataclass(frozen=True)
class SourceProblem:
    """Something wrong in the source. `file` is a storage key ("obs/<bucket>/<key>"), `line` is 1-based
    or None. `severity`: "error" = that item is not imported (or the whole import fails), "warning" =
    imported, but probably not as meant, "info" = a note (e.g. only a sample of the source was read)."""

    file: str
    line: int | None
    code: str
    message: str | Message  # the readers' own words are English text; the preflight's are Messages
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class SampleAnnotation:  # immutable: a reader may give many samples the same instance
    name: str
    difficult: bool = False
    box: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax in pixels


@dataclass(slots=True)
class SourceSample:
    key: str  # stable identity for de-duplication: storage key, plus "#<line>" for per-line samples
    source: str  # storage key of the sample file, or "content://<text>" for inline text
    kind: str  # "image" | "text" | "audio" | "table_row" | "video" | "other"
    annotations: list[SampleAnnotation] = field(default_factory=list)
    hard: bool = False
    size: int = 0

    @property
    def labels(self) -> set[str]:
        return {annotation.name for annotation in self.annotations}


class ImportFailure(Exception):
    """The whole import fails, as the service would fail it (code is a ModelArts error code)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
