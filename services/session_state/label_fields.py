"""components/label_fields.py."""

from typing import Any

from services.session_state import SessionView, Slot

LABEL_GRID = "_label_editor"
ATTRIBUTE_GRID = "_attribute_editor"
SELECTED = "_selected_label"
COLOR = "_label_color"
COLOR_FOR = "_label_color_for"
OPEN = "_labels_open"  # whether the section is open: the app's own flag, kept across title changes
SECTION = "_labels_section"
ADD_PICK = "_add_labels_"  # + included_labels: beyond a page of labels, the picker that only adds names
NEW_NAME = "_new_name_"  # + included_labels / excluded_labels: the box that adds a name exactly as typed
FIND = "_label_find"  # with more labels than a page: part of a name, to show only the labels that have it
PAGE = "_label_page"  # which page of the (found) labels the grid shows
NEW_ATTRIBUTE = "_new_attribute_"  # + a label's name: the box that adds an attribute to that label


class LabelFieldsState(SessionView):
    open: Slot[bool] = Slot(OPEN, False)
    section_open: Slot[bool] = Slot(SECTION, False)  # the expander's own state, as the user left it
    selected: Slot[str | None] = Slot(SELECTED, None)
    color: Slot[str] = Slot(COLOR, "#000000")
    color_for: Slot[tuple[str, Any] | None] = Slot(COLOR_FOR, None)  # (label, its colour) the picker shows
    page: Slot[int] = Slot(PAGE, 1)

    def typed_name(self, key: str) -> str:
        """What is typed in the box that adds a name to the list `key` (included_labels / excluded_labels)."""
        return str(self.state.get(NEW_NAME + key) or "").strip()

    def take_picked(self, key: str) -> list[str]:
        """The names just picked to add to the list `key`; the picker is emptied for the next ones."""
        picked = [str(name) for name in self.state.get(ADD_PICK + key) or []]
        self.state[ADD_PICK + key] = []
        return picked

    def clear_typed_name(self, key: str) -> None:
        self.state[NEW_NAME + key] = ""

    def typed_attribute(self, label: str) -> str:
        """What is typed in the box that adds an attribute to `label`."""
        return str(self.state.get(NEW_ATTRIBUTE + label) or "").strip()

    def clear_typed_attribute(self, label: str) -> None:
        self.state[NEW_ATTRIBUTE + label] = ""
