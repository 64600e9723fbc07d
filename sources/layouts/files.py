"""File kinds and the per-file limits of the service (reference §5)."""

from __future__ import annotations

from models.messages import N_, Message

from ..storage import StoredObject, obs_url, path_characters
from .types import SourceProblem

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
SUPPORTED_IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp"})
OTHER_IMAGE_EXTENSIONS = frozenset(
    {".gif", ".tif", ".tiff", ".webp", ".heic", ".heif", ".svg", ".ico", ".jfif", ".avif", ".raw"}
)
SUPPORTED_AUDIO_EXTENSIONS = frozenset({".wav"})
OTHER_AUDIO_EXTENSIONS = frozenset({".mp3", ".flac", ".ogg", ".m4a", ".aac", ".wma", ".amr", ".opus"})
VIDEO_EXTENSIONS = frozenset({".mp4", ".avi", ".mov", ".mkv", ".flv", ".wmv", ".mpeg", ".mpg", ".ts"})
TEXT_EXTENSIONS = frozenset({".txt", ".csv"})


def extension(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def kind_of(key: str) -> str:
    """The sample kind a file would be: image, audio, video, text or other."""
    return kind_of_extension(extension(key))


def kind_of_extension(ext: str) -> str:
    """kind_of for an extension already found (".jpg")."""
    if ext in SUPPORTED_IMAGE_EXTENSIONS or ext in OTHER_IMAGE_EXTENSIONS:
        return "image"
    if ext in SUPPORTED_AUDIO_EXTENSIONS or ext in OTHER_AUDIO_EXTENSIONS:
        return "audio"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    if ext in TEXT_EXTENSIONS:
        return "text"
    return "other"


def image_problem(key: str, size: int | None, line: int | None = None, file: str | None = None
                  ) -> SourceProblem | None:
    """Why the service would not import this image (type or size); None when it would.

    The problem is reported against `file`/`line` (e.g. a manifest line) when given, else the image."""
    where = file or key
    ext = extension(key)
    if ext not in SUPPORTED_IMAGE_EXTENSIONS:
        return SourceProblem(
            where, line, "image_type",
            Message(
                N_("{file} is a {ext} file; the service imports only JPG, JPEG, PNG and BMP images. Convert it or "
                   "leave it out.") if ext
                else N_("{file} is an extensionless file; the service imports only JPG, JPEG, PNG and BMP images. "
                        "Convert it or leave it out."),
                {"file": obs_url(key), "ext": ext},
            ),
        )  # fmt: skip
    if size is not None and size > MAX_IMAGE_BYTES:
        return SourceProblem(
            where, line, "image_too_large",
            Message(N_("{file} is {size} MB; the service imports images of at most 5 MB. Resize or recompress it."),
                    {"file": obs_url(key), "size": f"{size / 1024 / 1024:.1f}"}),
        )  # fmt: skip
    return None


def audio_problem(key: str) -> SourceProblem | None:
    ext = extension(key)
    if ext in SUPPORTED_AUDIO_EXTENSIONS:
        return None
    return SourceProblem(
        key, None, "audio_type",
        Message(
            N_("{file} is a {ext} file; sound datasets import only WAV files. Convert it.") if ext
            else N_("{file} is an extensionless file; sound datasets import only WAV files. Convert it."),
            {"file": obs_url(key), "ext": ext},
        ),
    )  # fmt: skip


def characters_problem(obj: StoredObject, relative: str) -> SourceProblem | None:
    """A problem when the part of the key below the import root has characters the service rejects."""
    bad = path_characters(relative)
    if not bad:
        return None
    shown = " ".join(repr(c) for c in bad)
    return SourceProblem(
        obj.key, None, "path_characters",
        Message(N_("the name contains {chars}; the service rejects OBS paths with characters other than letters, "
                   "digits, '-', '_', '.' and '/' (ModelArts.4313). Rename the file or folder."), {"chars": shown}),
    )  # fmt: skip
