"""components/load_json.py."""

from models.messages import Message, Text
from services.session_state import SessionView, Slot

REQUEST_JSON = "request_json"
LOAD_PROBLEMS = "_load_problems"
LOADED = "_loaded_message"  # (what was done, the older forms converted)
LOAD = "_load_json"


class LoadJsonState(SessionView):
    request_json: Slot[str] = Slot(REQUEST_JSON, "")
    problems: Slot[list[Text]] = Slot(LOAD_PROBLEMS, factory=list)  # why the pasted body was not loaded (Messages)
    loaded: Slot[tuple[str, list[Message]] | None] = Slot(LOADED, None)

    def take_loaded(self) -> tuple[str, list[Message]] | None:
        return LoadJsonState.loaded.take(self)
