"""components/draft_bar.py."""

from services.session_state import SessionView, Slot

FORM_NOTICE = "_form_notice"  # a line to show once above the form (set by whatever filled it)
TEMPLATE_NAME = "_template_name"
TEMPLATE_REPLACE = "_template_replace"
TEMPLATE_SHARED = "_template_shared"
TEMPLATE_PICK = "_template_pick"
TEMPLATE_MESSAGE = "_template_message"  # ("success" | "error", text)
TEMPLATES_OPEN = "_templates_open"
TEMPLATE_SAVE = "_template_save"
TEMPLATE_LOAD = "_template_load"
START_OVER = "_start_over"


class DraftBarState(SessionView):
    form_notice: Slot[str | None] = Slot(FORM_NOTICE, None)
    template_name: Slot[str] = Slot(TEMPLATE_NAME, "")
    template_replace: Slot[bool] = Slot(TEMPLATE_REPLACE, False)
    template_shared: Slot[bool] = Slot(TEMPLATE_SHARED, False)
    template_pick: Slot[str | None] = Slot(TEMPLATE_PICK, None)
    template_message: Slot[tuple[str, str] | None] = Slot(TEMPLATE_MESSAGE, None)

    def take_form_notice(self) -> str | None:
        return DraftBarState.form_notice.take(self)
