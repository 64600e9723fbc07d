"""The session's keys, one module per component or page that keeps state: its `st.session_state` keys and
widget keys, and typed accessors for what another feature reads.

A component or page takes its keys from its own module here (`components/obs_browser.py` from
`obs_browser.py`); what another feature keeps it reads through that feature's accessor functions, never its
keys. Features with a service keep their keys there (services/drafts.py, guide.py, submit.py, history.py,
target.py, datasets.py, table_sources.py), and the form's fields are keyed by wire path (services/form_state.py).
Nothing here imports Streamlit: accessors take the state mapping, so they are tested without it.
tests/test_session_keys.py holds components and pages to this.
"""
