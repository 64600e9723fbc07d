"""The spec's option lists. Each member carries the spec's own words as `.label`, a catalog message id (shown
translated: `_(member.label)` on a page, `Message(member.label)` in a message)."""

from enum import IntEnum, StrEnum
from typing import Self

from .messages import N_, Message, join


class _Labeled:
    label: str

    @classmethod
    def describe(cls) -> Message:
        """'0 (OBS bucket), 1 (GaussDB(DWS)), …' for messages that list the choices."""
        return join(
            Message(CHOICE, {"value": member.value, "label": Message(member.label)})  # type: ignore[attr-defined]
            for member in cls
        )


CHOICE = N_("{value} ({label})")  # an option in a list of choices: its value, then its meaning


class LabeledIntEnum(_Labeled, IntEnum):
    def __new__(cls, value: int, label: str) -> Self:
        member = int.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class LabeledStrEnum(_Labeled, StrEnum):
    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class AnnotationFormat(LabeledStrEnum):
    VOC = "VOC", "VOC"
    COCO = "COCO", "COCO"


class ImportOrigin(LabeledStrEnum):
    OBS = "obs", N_("OBS bucket")
    DWS = "dws", "GaussDB(DWS)"
    DLI = "dli", "DLI"
    RDS = "rds", "RDS"
    MRS = "mrs", "MRS"
    INFERENCE = "inference", N_("Inference service")


class ImportType(LabeledStrEnum):
    """Sent as dir/manifest; the spec's table says 0/1, which are accepted on input (reference §1)."""

    DIR = "dir", N_("Import by directory")
    MANIFEST = "manifest", N_("Import by manifest file")


class DataType(LabeledIntEnum):
    OBS = 0, N_("OBS bucket")
    DWS = 1, "GaussDB(DWS)"
    DLI = 2, "DLI"
    RDS = 3, "RDS"
    MRS = 4, "MRS"
    AI_GALLERY = 5, N_("AI Gallery")
    INFERENCE = 6, N_("Inference service")


class ClusterMode(LabeledStrEnum):
    NORMAL = "0", N_("normal cluster")
    SECURITY = "1", N_("security cluster")


class LabelType(LabeledIntEnum):
    IMAGE_CLASSIFICATION = 0, N_("image classification")
    OBJECT_DETECTION = 1, N_("object detection")
    IMAGE_SEGMENTATION = 3, N_("image segmentation")
    TEXT_CLASSIFICATION = 100, N_("text classification")
    NAMED_ENTITY_RECOGNITION = 101, N_("named entity recognition")
    TEXT_TRIPLET_RELATIONSHIP = 102, N_("text triplet relationship")
    TEXT_TRIPLET_ENTITY = 103, N_("text triplet entity")
    SPEECH_CLASSIFICATION = 200, N_("speech classification")
    SPEECH_CONTENT = 201, N_("speech content")
    SPEECH_PARAGRAPH_LABELING = 202, N_("speech paragraph labeling")
    VIDEO_CLASSIFICATION = 600, N_("video classification")


class AttributeType(LabeledStrEnum):
    TEXT = "text", N_("text")
    SELECT = "select", N_("single-choice drop-down list")


class DefaultShape(LabeledStrEnum):
    BNDBOX = "bndbox", N_("rectangle")
    POLYGON = "polygon", N_("polygon")
    CIRCLE = "circle", N_("circle")
    LINE = "line", N_("straight line")
    DASHED = "dashed", N_("dotted line")
    POINT = "point", N_("point")
    POLYLINE = "polyline", N_("polyline")


class TextLabelType(LabeledStrEnum):
    SEPARATE_FILES = "0", N_("labels in a separate <name>_result.txt file")
    SAME_FILE = "1", N_("text and labels in the same file, split by separators")


class DatasetType(LabeledIntEnum):
    IMAGE_CLASSIFICATION = 0, N_("image classification")
    OBJECT_DETECTION = 1, N_("object detection")
    IMAGE_SEGMENTATION = 3, N_("image segmentation")
    TEXT_CLASSIFICATION = 100, N_("text classification")
    NAMED_ENTITY_RECOGNITION = 101, N_("named entity recognition")
    TEXT_TRIPLET = 102, N_("text triplet")
    SOUND_CLASSIFICATION = 200, N_("sound classification")
    SPEECH_CONTENT = 201, N_("speech content")
    SPEECH_PARAGRAPH_LABELING = 202, N_("speech paragraph labeling")
    TABLE = 400, N_("table")
    VIDEO = 600, N_("video")
    FREE_FORMAT = 900, N_("free format")


class TaskStatus(StrEnum):
    QUEUING = "QUEUING"
    STARTING = "STARTING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    NOT_EXIST = "NOT_EXIST"


# The local sandbox's own error code for an import from a source it cannot read (DWS, DLI, RDS, …): not a
# ModelArts code, so no advice written for ModelArts ("correct the field") applies to it.
SANDBOX_UNREACHABLE = "Sandbox.0001"
TERMINAL_STATUSES = frozenset({TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.NOT_EXIST})
