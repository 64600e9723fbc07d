"""components/table_source_pickers.py."""

from services.session_state import SessionView, Slot

DLI_DATABASE = "_picked_dli_database"


def refresh_button(kind: str) -> str:
    return f"_pick_refresh_{kind}"


def picker(kind: str, arg: str) -> str:
    return f"_pick_{kind}_{arg}"


class TableSourcePickersState(SessionView):
    dli_database: Slot[str | None] = Slot(DLI_DATABASE, None)  # the DLI database picked: its tables are listed

    def chosen(self, kind: str, arg: str) -> str | None:
        """The label chosen in a picker."""
        return self.state.get(picker(kind, arg))
