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
