"""components/table_fields.py."""

GRID = "_schema_maps_editor"
