"""What an import brought in, as pictures: the dataset's newest samples through ListSamples, those added since
the task was created, each image drawn small with its labels' boxes."""

from __future__ import annotations

from dataclasses import dataclass

from client import ModelArtsClient, ModelArtsError

SHOWN = 8
LISTED = 50  # samples asked for: the newest, of which those of this task are shown
IMAGE = 0  # sample_type of an image
THUMBNAIL_SIDE = 240


@dataclass(frozen=True)
class Thumbnail:
    png: bytes | None  # None: not an image, or its file could not be read
    name: str  # the file's name
    labels: list[str]


def imported_thumbnails(
    client: ModelArtsClient, dataset_id: str, since_ms: int | None, count: int = SHOWN
) -> tuple[list[Thumbnail], int]:
    """Up to `count` of the samples added since `since_ms` (all the newest when unknown), and how many of the
    listed ones were added since then. Raises ModelArtsError when the samples cannot be listed."""
    from preflight.previews import draw  # Pillow: loaded when pictures are first shown

    listing = client.list_samples(dataset_id, limit=LISTED)
    recent = [s for s in listing.samples if since_ms is None or s.sample_time is None or s.sample_time >= since_ms]
    shown: list[Thumbnail] = []
    for sample in recent[:count]:
        names = [label.name or "?" for label in sample.labels]
        png = None
        if sample.preview and sample.sample_type in (IMAGE, None):
            data = client.sample_preview(sample.preview)
            if data is not None:
                png = draw(data, [(label.name or "?", label.box) for label in sample.labels], max_side=THUMBNAIL_SIDE)
        name = (sample.source or sample.sample_id or "").rstrip("/").rsplit("/", 1)[-1]
        shown.append(Thumbnail(png, name, names))
    return shown, len(recent)


__all__ = ["ModelArtsError", "Thumbnail", "imported_thumbnails"]
