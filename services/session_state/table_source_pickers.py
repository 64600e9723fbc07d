"""components/table_source_pickers.py."""

DLI_DATABASE = "_picked_dli_database"


def refresh_button(kind: str) -> str:
    return f"_pick_refresh_{kind}"


def picker(kind: str, arg: str) -> str:
    return f"_pick_{kind}_{arg}"
