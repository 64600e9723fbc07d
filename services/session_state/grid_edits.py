"""components/grid_edits.py."""

from typing import Any

from services.session_state import SessionView, Slot

GRIDS = "_grids"  # prefix -> {"generation", "base", "written"}


class GridEditsState(SessionView):
    grids: Slot[dict[str, dict[str, Any]]] = Slot(GRIDS, factory=dict)

    def editor_drawn(self, key: str) -> bool:
        """Whether the data editor keyed `key` still has its state (it is dropped in a run that does not draw it)."""
        return key in self.state

    def editor_edits(self, key: str) -> dict[str, Any]:
        """The data editor's edits since its base ({"edited_rows", "added_rows", "deleted_rows"})."""
        return self.state.get(key) or {}
