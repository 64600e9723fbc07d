"""pages/tasks.py."""

VIEW = "_tasks_view"
DATASET = "_tasks_dataset_id"  # this page's own: Compose's dataset_id is the form's, and stays as it is
SHOWN = "_tasks_shown"
