import pytest

from contested.pipeline.segment import clauses_of, segment

TEXT = (
    "KHARKIV (Test Wire) — Rockets hit a market on Monday. Gen. Petrov said 3 people died.\n\n"
    "Officials said: \"We will rebuild.\" The mayor, Mr. Ivanov, agreed; others did not.\n"
    "10:15 — A second blast shook the city."
)


def test_offsets_are_kept_exactly():
    seg = segment(TEXT)
    for s in seg.sentences:
        a, b = s.span
        assert TEXT[a:b] == TEXT[a:b].strip()
        assert TEXT[a:b]
    assert [TEXT[a:b][:6] for a, b in seg.paragraphs] == ["KHARKI", "Offici"]


def test_sentences_respect_abbreviations_and_lines():
    seg = segment(TEXT)
    texts = [TEXT[s.span[0]:s.span[1]] for s in seg.sentences]
    assert texts[1] == "Gen. Petrov said 3 people died."
    assert "Mr. Ivanov" in texts[3]
    assert texts[-1].startswith("10:15")
    assert [s.paragraph for s in seg.sentences] == [0, 0, 1, 1, 1]


def test_clauses_split_at_semicolons():
    text = "A shell hit the school; while in the north two people were hurt."
    parts = [text[a:b] for a, b in clauses_of(text, (0, len(text)))]
    assert parts == ["A shell hit the school", "while in the north two people were hurt."]


def test_quotations_found():
    seg = segment(TEXT)
    assert [TEXT[a:b] for a, b in seg.quotations] == ['"We will rebuild."']


def test_empty_text():
    seg = segment("   \n\n ")
    assert seg.sentences == () and seg.paragraphs == ()


def _sentences(text):
    return [text[a:b] for a, b in (s.span for s in segment(text).sentences)]


@pytest.mark.parametrize("debris", ["<b>x</b>", "@monitor", "#Kidal", "* * *", "\u2022", "\U0001F525", "x", "- ",
                                    "\u2014"])
def test_debris_between_sentences_does_not_join_them(debris):
    text = f"Rebels shelled Kidal on Monday. {debris} The army denied it."
    got = _sentences(text)
    assert got[0] == "Rebels shelled Kidal on Monday." and got[-1].endswith("The army denied it.")
    assert len(got) == 2


@pytest.mark.parametrize("text, n", [
    ("Rebels shelled Kidal. the army denied it.", 2),          # a lower-case start
    ("Shells fell at 10 p.m. local time on Kidal.", 1),        # an abbreviation
    ("The fighting went on... and then it stopped.", 1),      # an ellipsis
    ('"Who did this?" asked the mayor of Kidal.', 1),          # a question in quotes
    ("J. Smith said rebels shelled Kidal.", 1),                 # an initial
    ("Rebels shelled Kidal (U.S. officials said). Nobody was hurt.", 2),
])
def test_sentence_ends(text, n):
    assert len(_sentences(text)) == n, _sentences(text)
