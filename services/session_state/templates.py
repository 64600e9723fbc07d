"""pages/templates.py."""

from typing import Protocol, runtime_checkable

from services.session_state import SessionView, Slot


@runtime_checkable
class Upload(Protocol):
    def getvalue(self) -> bytes: ...

PICK = "_templates_pick"
NEW_NAME = "_templates_new_name"
DELETING = "_templates_deleting"
PASTED = "_templates_pasted"
UPLOAD = "_templates_upload"
MESSAGE = "_templates_message"  # ("success" | "error", text)
GOTO_COMPOSE = "_templates_goto_compose"
LOAD = "_templates_load"
RENAME = "_templates_rename"
DELETE = "_templates_delete"
DELETE_YES = "_templates_delete_yes"
DELETE_NO = "_templates_delete_no"
EXPORT_ONE = "_templates_export_one"
EXPORT_ALL = "_templates_export_all"
IMPORT_FILE = "_templates_import_file"
IMPORT_PASTED = "_templates_import_pasted"


def shared_toggle(name: str) -> str:
    return f"_templates_shared_{name}"


class TemplatesPageState(SessionView):
    pick: Slot[str | None] = Slot(PICK, None)
    new_name: Slot[str] = Slot(NEW_NAME, "")
    deleting: Slot[str | None] = Slot(DELETING, None)  # the template whose deletion waits for a Yes
    pasted: Slot[str] = Slot(PASTED, "")
    upload: Slot[Upload | None] = Slot(UPLOAD, None)
    message: Slot[tuple[str, str] | None] = Slot(MESSAGE, None)  # ("success" | "error", text)
    goto_compose: Slot[bool] = Slot(GOTO_COMPOSE, False)  # set in a callback: the page then switches to Compose

    def shared(self, name: str) -> bool:
        """Whether the "Shared" switch of template `name` is on."""
        return bool(self.state.get(shared_toggle(name)))

    def cancel_delete(self) -> None:
        del self.deleting

    def take_message(self) -> tuple[str, str] | None:
        return TemplatesPageState.message.take(self)

    def take_goto_compose(self) -> bool:
        return TemplatesPageState.goto_compose.take(self)
