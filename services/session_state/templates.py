"""pages/templates.py."""

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
