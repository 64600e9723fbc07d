"""components/dataset_picker.py."""

from services.form_state import DATASET_ID
from services.session_state import SessionView

TYPE_FILTER = "_dataset_type_filter"


def type_filter(picker: str) -> str:
    """The key of the dataset-type filter drawn beside the dataset picker keyed `picker`."""
    return TYPE_FILTER if picker == DATASET_ID else f"{picker}{TYPE_FILTER}"


class DatasetPickerState(SessionView):
    """The pickers' choices, each under its page's key (Compose's is the form's `dataset_id`)."""

    def chosen(self, picker: str) -> str | None:
        return self.state.get(picker)

    def forget(self, picker: str) -> None:
        """The chosen dataset is gone: the picker starts empty."""
        self.state[picker] = None
