"""pages/tasks.py."""

from services.session_state import SessionView

VIEW = "_tasks_view"
DATASET = "_tasks_dataset_id"  # this page's own: Compose's dataset_id is the form's, and stays as it is
SHOWN = "_tasks_shown"


class TasksPageState(SessionView):
    def shown(self, first: int) -> int:
        """How many tasks are shown: `first` until more are asked for."""
        return int(self.state.setdefault(SHOWN, first))

    def show_more(self, page: int) -> None:
        self.state[SHOWN] = self.shown(page) + page

    def start_dataset(self, dataset_id: str | None) -> None:
        """The dataset picked at first (Compose's): set once, never written back to Compose."""
        self.state.setdefault(DATASET, dataset_id)
