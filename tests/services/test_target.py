"""services.target: the local sandbox's connection."""

from client.errors import redact
from services.target import SANDBOX_TOKEN


def test_the_sandbox_token_scrubs_no_word_of_a_message():
    """Secrets are scrubbed from the service's messages; the sandbox's fixed token must not be a word they hold
    (it was "sandbox", which turned "The sandbox has no DWS" into "The *** has no DWS")."""
    message = "Fault injected by the sandbox's fault switch. The sandbox has no GaussDB(DWS)."
    assert redact(message, [SANDBOX_TOKEN]) == message
