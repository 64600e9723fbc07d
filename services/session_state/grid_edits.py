"""components/grid_edits.py."""

GRIDS = "_grids"  # prefix -> {"generation", "base", "written"}
