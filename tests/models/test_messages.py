"""models.messages: a Message renders its parameters in the same language; joined parts and sentences follow the
language's own separators; text from outside is never looked up."""

from models.messages import AND, LIST, SENTENCES, Message, join, nothing, sentences, verbatim

CHINESE = {LIST: "、", AND: "和", SENTENCES: "{sentence}{next}", "cat": "猫", "dog": "狗", "It is late.": "晚了。",
           "Go home.": "回家吧。"}  # fmt: skip


def zh(text: str) -> str:
    return CHINESE.get(text, text)


def test_joined_parts_take_the_languages_separator() -> None:
    listed = join([Message("cat"), Message("dog"), "Bob"])
    assert str(listed) == "cat, dog, Bob"
    assert listed.render(zh) == "猫、狗、Bob"  # a plain string part is shown as it is
    assert join([Message("cat"), Message("dog")], AND).render(zh) == "猫和狗"


def test_sentences_follow_each_other_as_the_language_writes_them() -> None:
    said = sentences([Message("It is late."), Message("Go home.")])
    assert str(said) == "It is late. Go home."
    assert said.render(zh) == "晚了。回家吧。"


def test_nothing_and_text_from_outside() -> None:
    assert str(join([])) == "" and nothing().render(zh) == "" and str(sentences([])) == ""
    assert verbatim("cat").render(zh) == "cat"  # a key the user typed is never translated
    assert verbatim("{odd}").render(zh) == "{odd}"


def test_messages_are_values() -> None:
    assert Message("cat", {"n": 1}) == Message("cat", {"n": 1})
    assert len({Message("cat", {"n": 1}), Message("cat", {"n": 1})}) == 1
