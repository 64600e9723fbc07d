"""components/submit_panel.py."""

SUBMIT = "_submit"
AGAIN = "_submit_again"
REFUSED = "_submit_refused"  # (compact JSON of the body and the dataset id at the click, what to say)
TASK_STATUS = "_task_status"
