"""The check summary speaks the reader's language (issue #17)."""

from streamlit.testing.v1 import AppTest


def _summary() -> None:
    from components.problem_notes import check_summary

    check_summary([], [])


def test_the_check_summary_in_english_and_chinese() -> None:
    at = AppTest.from_function(_summary).run()
    assert not at.exception
    assert at.success[0].value == "The request is complete and valid for this dataset."
    at = AppTest.from_function(_summary)
    at.session_state["_language"] = "zh_CN"
    at.run()
    assert not at.exception
    assert at.success[0].value == "请求已完整，且对该数据集有效。"
