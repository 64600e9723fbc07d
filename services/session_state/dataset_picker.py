"""components/dataset_picker.py."""

from services.form_state import DATASET_ID

TYPE_FILTER = "_dataset_type_filter"


def type_filter(picker: str) -> str:
    """The key of the dataset-type filter drawn beside the dataset picker keyed `picker`."""
    return TYPE_FILTER if picker == DATASET_ID else f"{picker}{TYPE_FILTER}"
