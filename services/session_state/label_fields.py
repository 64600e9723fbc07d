"""components/label_fields.py."""

LABEL_GRID = "_label_editor"
ATTRIBUTE_GRID = "_attribute_editor"
SELECTED = "_selected_label"
COLOR = "_label_color"
COLOR_FOR = "_label_color_for"
OPEN = "_labels_open"  # whether the section is open: the app's own flag, kept across title changes
SECTION = "_labels_section"
NEW_NAME = "_new_name_"  # + included_labels / excluded_labels: the box that adds a name exactly as typed
