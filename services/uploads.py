"""Uploading files from this computer to an OBS folder: what is sent where (a zip is unpacked into the folder,
keeping its inner folders), the console's limits (100 files, 5 GB each), and the upload with its progress."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from client.obs import MAX_FILE_BYTES, MAX_FILES, ObsBrowser

from .i18n import _

# progress(files done, bytes done, bytes in all, the file being sent)
Progress = Callable[[int, int, int, str], None]


@dataclass(frozen=True)
class Upload:
    name: str  # the path below the chosen folder, e.g. "cat/cat_01.jpg"
    size: int
    opener: Callable[[], IO[bytes]]
    closes: bool = True  # a zip member's stream is closed after; a dropped file stays open for Streamlit


def plan(files: list[Any]) -> tuple[list[Upload], list[str]]:
    """What to send for the files dropped (each with .name, .size, and file methods, as Streamlit's
    UploadedFile), and the problems that stop the upload (in words to show, in the reader's language)."""
    uploads: list[Upload] = []
    problems: list[str] = []
    for file in files:
        if str(file.name).lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(file)
            except zipfile.BadZipFile:
                problems.append(_("{name} is not a readable zip file.").format(name=file.name))
                continue
            for info in archive.infolist():
                name = _safe_name(info.filename)
                if info.is_dir() or name is None or name.startswith("__MACOSX/"):
                    continue
                uploads.append(Upload(name, info.file_size, lambda a=archive, i=info: a.open(i)))
        else:
            name = _safe_name(str(file.name))
            if name is None:
                problems.append(_("{name} is not a usable file name.").format(name=repr(file.name)))
                continue
            uploads.append(Upload(name, int(file.size), lambda f=file: _rewound(f), closes=False))
    if len(uploads) > MAX_FILES:
        problems.append(
            _("{count} files were given; at most {most} can be uploaded at once.").format(
                count=len(uploads), most=MAX_FILES
            )
        )
    for upload in uploads:
        if upload.size > MAX_FILE_BYTES:
            problems.append(_("{name} is larger than 5 GB, the most one file may be.").format(name=upload.name))
    return uploads, problems


def send(browser: ObsBrowser, bucket: str, prefix: str, uploads: list[Upload], progress: Progress) -> None:
    """Upload each file below `prefix` of `bucket`, telling `progress` as parts go out. Raises ObsError."""
    total = sum(u.size for u in uploads) or 1
    done_bytes = 0
    for index, upload in enumerate(uploads):
        key = prefix + upload.name

        def tell(sent: int, before: int = done_bytes, name: str = upload.name, files: int = index) -> None:
            progress(files, before + sent, total, name)

        with _opened(upload) as data:
            browser.upload(bucket, key, data, upload.size, tell)  # type: ignore[arg-type]
        done_bytes += upload.size
        progress(index + 1, done_bytes, total, upload.name)


@contextmanager
def _opened(upload: Upload) -> Iterator[BinaryIO]:
    data = upload.opener()
    try:
        yield data  # type: ignore[misc]
    finally:
        if upload.closes:
            data.close()


def _rewound(file: Any) -> Any:
    file.seek(0)
    return file


def _safe_name(name: str) -> str | None:
    """A relative path with forward slashes and no '..', or None."""
    name = name.replace("\\", "/").lstrip("/")
    normal = posixpath.normpath(name) if name else ""
    if not normal or normal == "." or normal.startswith("../") or normal == ".." or "\x00" in normal:
        return None
    return normal
