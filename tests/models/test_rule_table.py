"""The rule table: every rule has a level, evidence and a message; the README lists exactly these rules."""

import re
from pathlib import Path

from models.rule_table import RULES, markdown_table, say

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_the_rules_of_the_table():
    text = README.read_text(encoding="utf-8")
    listed = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", text, re.DOTALL)
    assert listed is not None, "README has no rule list"
    assert listed.group(1) == markdown_table(), "run: python3 -m models.rule_table, and paste it into the README"


def test_every_rule_cites_its_evidence_and_says_the_fix():
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.level in ("error", "warning")
        assert "create-import-task.rst" in rule.evidence or "modelarts-api.md" in rule.evidence or (
            "https://support.huaweicloud.com/" in rule.evidence
        ), rule.id
        assert rule.field and rule.message.strip()


def test_messages_fill_their_blanks():
    assert str(say("port_number", field="Port", value="0")) == (
        "Port must be a whole number from 1 to 65535, e.g. 8000 (got '0')."
    )
    assert "{" not in str(
        say("separators_same", field="Label separator", other="label separator", value=",", default=", its default")
    )
