"""What ListSamples answers: GET /v2/{project_id}/datasets/{dataset_id}/data-annotations/samples
(https://support.huaweicloud.com/intl/en-us/api-modelarts/ListSamples.html; each sample a DescribeSampleResp)."""

from typing import Any

from pydantic import Field

from ._base import LenientModel

FEATURE = "@modelarts:feature"  # a box's corners, [[xmin, ymin], [xmax, ymax]], with "@modelarts:shape": "bndbox"
SHAPE = "@modelarts:shape"


class SampleLabel(LenientModel):
    name: str | None = None
    type: int | None = None
    properties: dict[str, Any] = Field(default_factory=dict, alias="property")

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """(xmin, ymin, xmax, ymax) of a bounding box, or None when the label has none."""
        feature = self.properties.get(FEATURE)
        if self.properties.get(SHAPE, "bndbox") != "bndbox" or not isinstance(feature, list) or len(feature) != 2:
            return None
        try:
            (xmin, ymin), (xmax, ymax) = feature
            return float(xmin), float(ymin), float(xmax), float(ymax)
        except (TypeError, ValueError):
            return None


class Sample(LenientModel):
    sample_id: str | None = None
    sample_type: int | None = Field(default=None, description="0 image, 1 text, 2 audio, 4 table, 6 video")
    source: str | None = None
    preview: str | None = Field(default=None, description="a link to the sample's file, for showing it")
    labels: list[SampleLabel] = Field(default_factory=list)
    sample_status: str | None = None
    sample_time: int | None = Field(default=None, description="when it was added, ms since the epoch")


class SampleList(LenientModel):
    sample_count: int | None = None
    samples: list[Sample] = Field(default_factory=list)
