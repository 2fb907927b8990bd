"""The command line end to end: real files in a temp folder, real exit codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from contested.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Gunmen killed three villagers in Kaya on Friday, residents said.\n"


def lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def test_extract_bundled_example(capsys, resources):
    rc = main(["extract", str(ROOT / "examples" / "barda.txt"), "--published", "2020-10-28", "--outlet", "Ex"])
    assert rc == 0
    (out,) = lines(capsys.readouterr().out)
    places = {e["location"]["name"] for e in out["events"]}
    assert "Barda" in places
    assert out["published"] == "2020-10-28"


def test_mixed_inputs_keep_order_and_report_bad_ones(tmp_path, capsys, resources):
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00\x00" * 50)
    jl = tmp_path / "c.jsonl"
    jl.write_text(json.dumps({"id": "one", "text": ARTICLE, "published": "2024-08-28"}) + "\n"
                  + "{not json\n"
                  + json.dumps({"id": "two", "text": "", "published": "2024-08-28"}) + "\n")
    out = tmp_path / "out.jsonl"
    rc = main(["extract", str(good), str(binary), str(jl), str(tmp_path / "missing.txt"), "-o", str(out)])
    captured = capsys.readouterr()
    assert rc == 1
    ids = [d["id"] for d in lines(out.read_text())]
    assert ids[1:] == ["one", "two"] and len(ids) == 3
    assert f"{binary}:" in captured.err
    assert f"{jl}:2:" in captured.err
    assert "missing.txt" in captured.err
    assert "Traceback" not in captured.err
    assert lines(out.read_text())[2]["events"] == []


def test_latin1_file_is_read_with_a_warning(tmp_path, capsys, resources):
    p = tmp_path / "l.txt"
    p.write_bytes("Gunmen killed three villagers in Kaya on Friday, résidents said.".encode("latin-1"))
    rc = main(["extract", str(p), "--published", "2024-08-28"])
    captured = capsys.readouterr()
    assert rc == 0
    assert "warning" in captured.err
    assert len(lines(captured.out)) == 1


def test_stdin(monkeypatch, capsys, resources):
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    rc = main(["extract", "-", "--published", "2024-08-28"])
    assert rc == 0
    (out,) = lines(capsys.readouterr().out)
    assert out["events"][0]["sub_event_type"] == "Attack"


def test_bad_published_is_a_clear_error(capsys):
    rc = main(["extract", "-", "--published", "not-a-date"])
    err = capsys.readouterr().err
    assert rc == 2 and "not-a-date" in err and "Traceback" not in err


def test_evaluate_with_predictions(tmp_path, capsys):
    gold = {"id": "g", "published": "2024-01-02", "text": "x", "events": [{
        "event_type": "Battles", "sub_event_type": "Armed clash", "date": ["2024-01-01"],
        "location": {"name": "Kaya", "country": "BF", "lat": 13.09, "lon": -1.08},
        "actor1": [], "actor2": [], "fatalities": [], "injured": [], "weapons": [],
        "claims": [{"source": ["army"], "stance": "asserts"}]}]}
    pred = {"id": "g", "events": [{
        "event_type": "Battles", "sub_event_type": "Armed clash", "date": "2024-01-01",
        "location": {"name": "Kaya", "lat": 13.1, "lon": -1.08}, "actor1": None, "actor2": None,
        "fatalities": None, "injured": None,
        "claims": [{"source": {"name": "Military Forces of Burkina Faso", "mention": "the army"},
                    "stance": "asserts"}]}]}
    g, p = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    g.write_text(json.dumps(gold) + "\n")
    p.write_text(json.dumps(pred) + "\n")
    assert main(["evaluate", str(g), "--pred", str(p), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert scores["event_f1"] == 1.0 and scores["claim_f1"] == 1.0


def test_places_and_actors_commands(capsys, resources):
    assert main(["places", "Martuni", "--country", "AZ"]) == 0
    assert "Martuni" in capsys.readouterr().out
    assert main(["actors", "Armenia's Defense Ministry"]) == 0
    assert "Government of Armenia" in capsys.readouterr().out


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert re.search(rf"contested {name}\b", readme), f"README does not document `contested {name}`"


def test_readme_install_command_runs_an_example():
    readme = (ROOT / "README.md").read_text()
    assert "pip install" in readme and "contested extract examples/" in readme
    assert "pytest" in readme


@pytest.mark.parametrize("argv", [["extract"], ["nonsense"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
