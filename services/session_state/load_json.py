"""components/load_json.py."""

REQUEST_JSON = "request_json"
LOAD_PROBLEMS = "_load_problems"
LOADED = "_loaded_message"  # (what was done, the older forms converted)
LOAD = "_load_json"
