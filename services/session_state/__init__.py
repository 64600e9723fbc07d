"""The session's state, one module per component or page that keeps state: its `st.session_state` keys and
widget keys, and its typed accessor, a `SessionView` whose `Slot`s are the values it keeps.

A component or page reads and writes its state only through its own accessor (`components/obs_browser.py`
through `obs_browser.ObsBrowserState(st.session_state)`) and takes only widget keys (`key=`) from its own
module; what another feature keeps it reads through that feature's accessor, never its keys. Features with a
service keep their keys and accessor there (services/drafts.py DraftsState, guide.py GuideState; submit.py,
history.py, target.py, datasets.py, table_sources.py take the state mapping in their functions). The form's fields
are keyed by wire path (services/form_state.py): the only keys components use on `st.session_state` directly,
since a form widget is handed its path; the form's other keys go through form_state.FormState.
Nothing here imports Streamlit: accessors take the state mapping, so they are tested on a dict.
tests/test_session_keys.py holds components and pages to this.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
_NOTHING: Any = object()


class SessionView:
    """One feature's view of the session: typed `Slot`s over the state mapping (`st.session_state` in the app,
    a dict in tests). Made where it is used (`ObsBrowserState(st.session_state)`), it holds nothing itself."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state


class Slot(Generic[T]):
    """One value a feature keeps in the session, under `key`.

    Read, it is the stored value, or else `default` (not stored). A mutable value takes `factory` instead: the
    first read of a session stores a new one, so changes made to it stay and no two sessions share it. `del`
    forgets the value (the next read gives the default again)."""

    def __init__(self, key: str, default: T = _NOTHING, *, factory: Callable[[], T] | None = None) -> None:
        if (default is _NOTHING) == (factory is None):
            raise TypeError(f"{key}: give a default or a factory, not both or neither")
        if isinstance(default, (list, dict, set)):
            raise TypeError(f"{key}: a mutable default would be shared by every session; give a factory")
        self.key = key
        self.default = default
        self.factory = factory

    def __set_name__(self, owner: type, name: str) -> None:
        if name == "state":
            raise TypeError(f"{owner.__name__}.state is the session itself: name the slot for {self.key} otherwise")

    @overload
    def __get__(self, view: None, owner: type | None = None) -> Slot[T]: ...
    @overload
    def __get__(self, view: SessionView, owner: type | None = None) -> T: ...
    def __get__(self, view: SessionView | None, owner: type | None = None) -> T | Slot[T]:
        if view is None:
            return self
        if self.factory is None:
            return view.state.get(self.key, self.default)
        if self.key not in view.state:
            view.state[self.key] = self.factory()
        return view.state[self.key]

    def __set__(self, view: SessionView, value: T) -> None:
        view.state[self.key] = value

    def __delete__(self, view: SessionView) -> None:
        view.state.pop(self.key, None)

    def take(self, view: SessionView) -> T:
        """The value, forgotten: for what is shown once."""
        value = self.__get__(view)
        self.__delete__(view)
        return value
