"""components/draft_bar.py."""

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
