"""Sample images with their boxes drawn (Pillow), small enough to show a few in the report."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, UnidentifiedImageError

from sources.layouts import SourceSample
from sources.storage import Storage

MAX_SIDE = 360
MAX_IMAGE_BYTES = 5 * 1024 * 1024
COLOURS = ("#E6194B", "#3CB44B", "#4363D8", "#F58231", "#911EB4", "#42D4F4", "#F032E6", "#BFEF45")


def render(storage: Storage, sample: SourceSample, *, max_side: int = MAX_SIDE) -> bytes | None:
    """A PNG of the sample's image scaled to at most `max_side` pixels, with its boxes and their labels;
    None when the image cannot be decoded."""
    data = storage.read(sample.source, MAX_IMAGE_BYTES + 1)
    return draw(data, [(a.name, a.box) for a in sample.annotations], max_side=max_side)


def draw(
    data: bytes,
    labels: list[tuple[str, tuple[float, float, float, float] | None]],
    *,
    max_side: int = MAX_SIDE,
) -> bytes | None:
    """A PNG of the image in `data` scaled to at most `max_side` pixels, with each (name, box) drawn (a label
    without a box is not drawn); None when the image cannot be decoded."""
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        image.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced size
        image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    scale = max_side / max(width, height, 1)  # tiny images are enlarged too, so boxes and names can be read
    resample = Image.Resampling.NEAREST if scale > 1 else Image.Resampling.BILINEAR
    image = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), resample)
    canvas = ImageDraw.Draw(image)
    names = sorted({name for name, _ in labels})
    for name, box in labels:
        if box is None:
            continue
        colour = COLOURS[names.index(name) % len(COLOURS)]
        xmin, ymin, xmax, ymax = (value * scale for value in box)
        canvas.rectangle((xmin, ymin, xmax, ymax), outline=colour, width=2)
        text_y = ymin - 11 if ymin >= 11 else ymin + 1
        canvas.rectangle(canvas.textbbox((xmin + 2, text_y), name), fill=colour)
        canvas.text((xmin + 2, text_y), name, fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pick(samples: list[SourceSample], count: int) -> list[SourceSample]:
    """Up to `count` images to show: those with boxes first, then labelled ones, then any."""
    images = [s for s in samples if s.kind == "image" and not s.source.startswith("content://")]
    ranked = sorted(
        range(len(images)),
        key=lambda i: (not any(a.box for a in images[i].annotations), not images[i].annotations, i),
    )
    return [images[i] for i in ranked[:count]]
