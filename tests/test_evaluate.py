"""Scoring predictions against gold (contested.evaluate)."""

from __future__ import annotations

import copy
import itertools
import json
import random
from pathlib import Path

import pytest

from contested.errors import InputError, RecordError
from contested.evaluate import (
    MAIN_KEYS,
    assign,
    evaluate,
    haversine_km,
    load_gold,
    load_predictions,
    main_scores,
)

DEV_GOLD = Path("/work/shared/gold/dev.jsonl")

BARDA = {"name": "Barda", "country": "AZ", "lat": 40.37577, "lon": 47.12619}


def gold_event(**over):
    ev = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": ["2020-10-28"],
        "location": dict(BARDA),
        "actor1": ["Armenia", "Armenian"],
        "actor2": ["civilian"],
        "fatalities": [21],
        "injured": [],
        "weapons": ["Smerch"],
        "claims": [{"source": ["Azerbaijan", "Baku"], "stance": "asserts"},
                   {"source": ["Armenia", "Yerevan"], "stance": "denies"}],
    }
    ev.update(over)
    return ev


def actor(name, mention=None):
    return {"name": name, "mention": mention or name, "country": None, "kind": None, "span": None}


def pred_event(**over):
    ev = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": "2020-10-28", "date_precision": "day",
        "location": {"name": "Barda", "mention": "Barda", "country": "AZ", "admin1": None,
                     "lat": 40.374, "lon": 47.126, "geonames_id": 587057, "precision": "place",
                     "span": [0, 5]},
        "actor1": actor("Military Forces of Armenia", "Armenian forces"),
        "actor2": actor("Civilians (Azerbaijan)", "civilians"),
        "weapons": ["Smerch"], "fatalities": 21, "injured": None,
        "claims": [
            {"source": actor("Government of Azerbaijan", "Azerbaijan"), "stance": "asserts",
             "hedged": True, "span": None},
            {"source": actor("Government of Armenia", "Armenia's Defense Ministry"),
             "stance": "denies", "hedged": False, "span": None},
        ],
        "evidence": [],
    }
    ev.update(over)
    return ev


def gdoc(doc_id, *events):
    return {"id": doc_id, "published": "2020-10-28", "text": "", "events": list(events)}


def pdoc(doc_id, *events):
    return {"id": doc_id, "published": "2020-10-28", "events": list(events)}


def place(name, lat=None, lon=None, country="AZ", mention=None):
    return {"name": name, "mention": mention or name, "country": country, "lat": lat, "lon": lon,
            "precision": "place"}


def gold_to_pred(event: dict) -> dict:
    """A gold event as the prediction a perfect system would give: first alias, first
    date, first count."""

    def first_actor(aliases):
        return actor(aliases[0]) if aliases else None

    loc = event.get("location")
    return {
        "event_type": event["event_type"], "sub_event_type": event["sub_event_type"],
        "date": event["date"][0] if event["date"] else None,
        "date_precision": "day" if event["date"] else None,
        "location": None if loc is None else {**loc, "mention": loc.get("name")},
        "actor1": first_actor(event["actor1"]), "actor2": first_actor(event["actor2"]),
        "weapons": list(event["weapons"]),
        "fatalities": event["fatalities"][0] if event["fatalities"] else None,
        "injured": event["injured"][0] if event["injured"] else None,
        "claims": [{"source": actor(c["source"][0]), "stance": c["stance"], "hedged": False}
                   for c in event["claims"]],
        "evidence": [],
    }


# ------------------------------------------------------------------ basics

def test_perfect_match_scores_one():
    report = evaluate([gdoc("d1", gold_event())], [pdoc("d1", pred_event())])
    scores = main_scores(report)
    assert set(MAIN_KEYS) <= set(scores)
    for key in MAIN_KEYS:
        if key in ("injured_acc",):
            continue
        assert scores[key] == 1.0, key
    assert scores["injured_acc"] == 1.0  # gold [] and a null prediction: right
    d = report.to_dict()
    assert d["gold_events"] == d["pred_events"] == d["matched_events"] == 1
    assert d["weapons_acc"] == 1.0 and d["claim_source_f1"] == 1.0
    json.dumps(report.to_dict(with_per_doc=True))  # JSON-able


def test_wrong_type_is_invented_and_missed():
    pred = pred_event(event_type="Battles", sub_event_type="Armed clash")
    report = evaluate([gdoc("d1", gold_event())], [pdoc("d1", pred)])
    s = main_scores(report)
    assert (s["event_p"], s["event_r"], s["event_f1"]) == (0.0, 0.0, 0.0)
    doc = report.per_doc[0]
    assert not doc.pairs
    assert [i for i, _ in doc.missed] == [0] and [i for i, _ in doc.invented] == [0]
    # the unmatched events' claims are missed / wrong
    assert report.gold_claims == 2 and report.pred_claims == 2 and report.claims_found == 0
    assert s["claim_p"] == 0.0 and s["claim_r"] == 0.0
    # nothing matched: field accuracies have nothing to score
    assert s["subtype_acc"] is None and report.fields["subtype"].total == 0
    # a sub-type mismatch within the right type still matches
    pred2 = pred_event(sub_event_type="Air/drone strike")
    s2 = main_scores(evaluate([gdoc("d1", gold_event())], [pdoc("d1", pred2)]))
    assert s2["event_f1"] == 1.0 and s2["subtype_acc"] == 0.0


# ------------------------------------------------------------------ location

def test_25_km_rule():
    lat, lon = BARDA["lat"], BARDA["lon"]
    near = place("Somewhere", lat + 0.18, lon)  # ~20 km north
    far = place("Elsewhere", lat + 0.27, lon)  # ~30 km north
    assert 19 < haversine_km(lat, lon, lat + 0.18, lon) < 21
    assert 29 < haversine_km(lat, lon, lat + 0.27, lon) < 31
    r_near = evaluate([gdoc("d", gold_event())], [pdoc("d", pred_event(location=near))])
    r_far = evaluate([gdoc("d", gold_event())], [pdoc("d", pred_event(location=far))])
    assert r_near.matched_events == 1 and main_scores(r_near)["location_acc"] == 1.0
    assert r_far.matched_events == 0
    # the type-only location matching still pairs them, and counts the place wrong
    assert main_scores(r_far)["location_acc"] == 0.0 and r_far.location.total == 1


def test_equal_name_matches_contained_name_does_not():
    far_barda = place("BARDA", 10.0, 10.0)  # far away, but the same name (case-insensitive)
    r = evaluate([gdoc("d", gold_event())], [pdoc("d", pred_event(location=far_barda))])
    assert r.matched_events == 1
    assert r.location.correct == 1  # type-only location accuracy accepts an equal name
    assert r.location_matched.correct == 0  # the point itself is wrong (informative score)
    g = gold_event(location={"name": "Zaporizhzhia", "country": "UA", "lat": None, "lon": None})
    npp = place("Zaporizhzhia nuclear power plant", country="UA")
    assert evaluate([gdoc("d", g)], [pdoc("d", pred_event(location=npp))]).matched_events == 0
    by_mention = place("Zaporizhzhia Oblast", country="UA", mention="zaporizhzhia")
    assert evaluate([gdoc("d", g)], [pdoc("d", pred_event(location=by_mention))]).matched_events == 1


def test_gold_without_point_country_only_and_null():
    country_only = gold_event(location={"name": "El Salvador", "country": "SV", "lat": None, "lon": None})
    in_sv = place("San Salvador", 13.69, -89.19, country="SV")
    in_gt = place("Guatemala City", 14.64, -90.51, country="GT")
    assert evaluate([gdoc("d", country_only)], [pdoc("d", pred_event(location=in_sv))]).matched_events == 1
    assert evaluate([gdoc("d", country_only)], [pdoc("d", pred_event(location=in_gt))]).matched_events == 0
    # a named place without a point is not country-only: the name must be equal
    dept = gold_event(location={"name": "Morazan", "country": "SV", "lat": None, "lon": None})
    assert evaluate([gdoc("d", dept)], [pdoc("d", pred_event(location=in_sv))]).matched_events == 0
    assert evaluate([gdoc("d", dept)],
                    [pdoc("d", pred_event(location=place("Morazán", country="SV")))]).matched_events == 1
    # null gold location: anything goes, a null prediction included
    nowhere = gold_event(location=None)
    assert evaluate([gdoc("d", nowhere)], [pdoc("d", pred_event(location=in_gt))]).matched_events == 1
    assert evaluate([gdoc("d", nowhere)], [pdoc("d", pred_event(location=None))]).matched_events == 1
    # a gold point with a prediction that has no point and another name: no match
    assert evaluate([gdoc("d", gold_event())],
                    [pdoc("d", pred_event(location=place("Tartar")))]).matched_events == 0


# ------------------------------------------------------------------ fields

def test_alias_matching():
    ok_mention = pred_event(actor1=actor("Unknown force", "ARMENIAN troops"))
    ok_name = pred_event(actor1=actor("Military Forces of Armenia (2018-)", "they"))
    wrong = pred_event(actor1=actor("Military Forces of Azerbaijan", "Azerbaijani troops"))
    none = pred_event(actor1=None)
    accs = [main_scores(evaluate([gdoc("d", gold_event())], [pdoc("d", p)]))["actor1_acc"]
            for p in (ok_mention, ok_name, wrong, none)]
    assert accs == [1.0, 1.0, 0.0, 0.0]
    # empty gold list: the text does not say, not scored
    r = evaluate([gdoc("d", gold_event(actor2=[]))], [pdoc("d", pred_event())])
    assert r.fields["actor2"].total == 0 and main_scores(r)["actor2_acc"] is None
    # the mismatch is shown per pair
    r = evaluate([gdoc("d", gold_event())], [pdoc("d", wrong)])
    assert r.per_doc[0].pairs[0].mismatches["actor1"]["gold"] == ["Armenia", "Armenian"]


@pytest.mark.parametrize("pred_date, right", [
    ("2020-10-28", True), ("2020-10-27", True), ("2020-10-29", True),
    ("2020-10-30", False), ("2020-10-26", False), (None, False), ("not a date", False),
])
def test_date_plus_minus_one_day(pred_date, right):
    r = evaluate([gdoc("d", gold_event())], [pdoc("d", pred_event(date=pred_date))])
    assert r.matched_events == 1  # the date is not a matching condition
    assert main_scores(r)["date_acc"] == (1.0 if right else 0.0)


def test_date_any_listed_and_empty_not_scored():
    g = gold_event(date=["2020-10-20", "2020-10-28"])
    r = evaluate([gdoc("d", g)], [pdoc("d", pred_event(date="2020-10-21"))])
    assert main_scores(r)["date_acc"] == 1.0
    r = evaluate([gdoc("d", gold_event(date=[]))], [pdoc("d", pred_event(date="2020-10-21"))])
    assert r.fields["date"].total == 0 and main_scores(r)["date_acc"] is None


@pytest.mark.parametrize("gold_counts, pred, right", [
    ([21], 21, True), ([21], 20, False), ([21], None, False), ([12, 15], 15, True),
    ([], None, True), ([], 3, False), ([0], 0, True), ([0], None, False),
])
def test_counts(gold_counts, pred, right):
    r = evaluate([gdoc("d", gold_event(fatalities=gold_counts, injured=gold_counts))],
                 [pdoc("d", pred_event(fatalities=pred, injured=pred))])
    s = main_scores(r)
    assert s["fatalities_acc"] == s["injured_acc"] == (1.0 if right else 0.0)
    assert r.fields["fatalities"].total == 1


def test_weapons_overlap_lightly():
    g = gold_event(weapons=["Smerch", "multiple rocket launcher"])
    for weapons, right in ((["smerch MLRS"], True), (["rocket launcher"], True),
                           (["drone"], False), ([], False)):
        r = evaluate([gdoc("d", g)], [pdoc("d", pred_event(weapons=weapons))])
        assert r.to_dict()["weapons_acc"] == (1.0 if right else 0.0)
    r = evaluate([gdoc("d", gold_event(weapons=[]))], [pdoc("d", pred_event(weapons=["drone"]))])
    assert r.weapons.total == 0


# ------------------------------------------------------------------ claims

def test_claim_stance_mismatch():
    flipped = pred_event(claims=[
        {"source": actor("Government of Azerbaijan", "Baku"), "stance": "denies"},
        {"source": actor("Government of Armenia", "Yerevan"), "stance": "denies"},
    ])
    r = evaluate([gdoc("d", gold_event())], [pdoc("d", flipped)])
    s, d = main_scores(r), r.to_dict()
    assert r.claims_found == 1  # Armenia denies: right; Azerbaijan's stance is wrong
    assert s["claim_p"] == 0.5 and s["claim_r"] == 0.5
    assert d["claim_source_p"] == d["claim_source_r"] == 1.0
    pair = r.per_doc[0].pairs[0]
    assert [c["source"][0] for c in pair.missed_claims] == ["Azerbaijan"]
    assert [c["source"]["name"] for c in pair.invented_claims] == ["Government of Azerbaijan"]


def test_claims_are_one_to_one():
    # two predicted claims by the same source: only one can match the gold claim
    twice = pred_event(claims=[{"source": actor("Azerbaijan"), "stance": "asserts"},
                               {"source": actor("Baku"), "stance": "asserts"}])
    g = gold_event(claims=[{"source": ["Azerbaijan", "Baku"], "stance": "asserts"}])
    r = evaluate([gdoc("d", g)], [pdoc("d", twice)])
    assert r.claims_found == 1 and r.pred_claims == 2
    s = main_scores(r)
    assert s["claim_p"] == 0.5 and s["claim_r"] == 1.0
    # a claim with no source is never right
    r = evaluate([gdoc("d", g)], [pdoc("d", pred_event(claims=[{"source": None, "stance": "asserts"}]))])
    assert r.claims_found == 0


# ------------------------------------------------------------------ documents

def test_docs_missing_from_predictions():
    golds = [gdoc("d1", gold_event()), gdoc("d2", gold_event(), gold_event(location=None))]
    preds = [pdoc("d1", pred_event()), pdoc("extra", pred_event())]
    r = evaluate(golds, preds)
    d = r.to_dict()
    assert d["docs"] == 2 and d["gold_events"] == 3 and d["pred_events"] == 1
    assert d["docs_without_prediction"] == 1 and d["docs_without_prediction_ids"] == ["d2"]
    assert d["pred_docs_not_in_gold"] == 1 and d["pred_docs_not_in_gold_ids"] == ["extra"]
    s = main_scores(r)
    assert s["event_p"] == 1.0 and s["event_r"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["claim_r"] == pytest.approx(2 / 6, abs=1e-4)
    doc2 = r.per_doc[1]
    assert not doc2.predicted and len(doc2.missed) == 2
    assert "no prediction" in r.format_per_doc()


def test_empty_gold_doc_and_empty_predictions():
    r = evaluate([gdoc("d")], [pdoc("d")])
    s = main_scores(r)
    assert s["event_p"] == s["event_r"] == s["event_f1"] == 1.0  # nothing to find, nothing found
    r = evaluate([gdoc("d")], [pdoc("d", pred_event())])
    assert main_scores(r)["event_p"] == 0.0


def test_duplicate_ids_are_errors():
    with pytest.raises(InputError):
        evaluate([gdoc("d")], [pdoc("d"), pdoc("d")])
    with pytest.raises(InputError):
        evaluate([gdoc("d"), gdoc("d")], [])


# ------------------------------------------------------------------ assignment

def test_assignment_prefers_more_pairs_then_score():
    tartar = {"name": "Tartar", "country": "AZ", "lat": 40.34179, "lon": 46.93242}
    g_barda = gold_event()
    g_barda_air = gold_event(sub_event_type="Air/drone strike",
                             event_type="Explosions/Remote violence")
    # p0 fits both gold events; p1 fits only the first: both must be matched
    p_any = pred_event(sub_event_type="Air/drone strike")
    p_shell = pred_event()
    r = evaluate([gdoc("d", g_barda, g_barda_air)], [pdoc("d", p_shell, p_any)])
    pairs = [(p.gold_index, p.pred_index) for p in r.per_doc[0].pairs]
    assert pairs == [(0, 0), (1, 1)] and main_scores(r)["subtype_acc"] == 1.0
    # Barda and Tartar are 17 km apart: each prediction still goes to its own place
    # (equal name, then closer point, break the tie), whatever the order
    g_tartar = gold_event(location=tartar)
    p_tartar = pred_event(location={**tartar, "mention": "Tartar"})
    r1 = evaluate([gdoc("d", g_barda, g_tartar)], [pdoc("d", p_tartar, p_shell)])
    r2 = evaluate([gdoc("d", g_barda, g_tartar)], [pdoc("d", p_shell, p_tartar)])
    assert main_scores(r1) == main_scores(r2)
    assert [(p.gold_index, p.pred_index) for p in r1.per_doc[0].pairs] == [(0, 1), (1, 0)]
    # unnamed points: the closer one wins the tie
    near_tartar = place("X", tartar["lat"] + 0.01, tartar["lon"])
    near_barda = place("Y", BARDA["lat"] - 0.01, BARDA["lon"])
    r3 = evaluate([gdoc("d", g_barda, g_tartar)],
                  [pdoc("d", pred_event(location=near_tartar), pred_event(location=near_barda))])
    assert [(p.gold_index, p.pred_index) for p in r3.per_doc[0].pairs] == [(0, 1), (1, 0)]


def _brute(weights):
    n, m = len(weights), len(weights[0])
    best = (-1, -1)
    for perm in itertools.permutations(range(m), min(n, m)) if n <= m else (
            itertools.permutations(range(n), m)):
        pairs = list(zip(range(n), perm, strict=False)) if n <= m else list(zip(perm, range(m), strict=False))
        ok = [(i, j) for i, j in pairs if weights[i][j] is not None]
        best = max(best, (len(ok), sum(weights[i][j] for i, j in ok)))
    return best


def test_assign_is_optimal_against_brute_force():
    rng = random.Random(7)
    for _ in range(300):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.choice([None, None, 0, 1, 2, 3, 5]) for _ in range(m)] for _ in range(n)]
        got = assign(w)
        assert len({i for i, _ in got}) == len(got) == len({j for _, j in got})
        assert all(w[i][j] is not None for i, j in got)
        assert (len(got), sum(w[i][j] for i, j in got)) == _brute(w)
        assert assign(w) == got  # deterministic
    assert assign([]) == [] and assign([[None]]) == []


def test_deterministic_output():
    golds = [gdoc("d1", gold_event(), gold_event(location=None), gold_event(fatalities=[3])),
             gdoc("d2", gold_event(event_type="Battles", sub_event_type="Armed clash"))]
    preds = [pdoc("d1", pred_event(), pred_event(fatalities=3), pred_event(date="2020-11-30")),
             pdoc("d2", pred_event())]
    snapshot = copy.deepcopy((golds, preds))
    a = evaluate(golds, preds)
    b = evaluate(golds, preds)
    assert json.dumps(a.to_dict(with_per_doc=True), sort_keys=True) == \
        json.dumps(b.to_dict(with_per_doc=True), sort_keys=True)
    assert a.format_text() == b.format_text() and a.format_per_doc() == b.format_per_doc()
    assert (golds, preds) == snapshot  # the inputs are not modified


def test_text_reports():
    r = evaluate([gdoc("d1", gold_event())],
                 [pdoc("d1", pred_event(date="2020-11-30", event_type="Explosions/Remote violence"),
                       pred_event(event_type="Battles", sub_event_type="Armed clash"))])
    text = r.format_text()
    assert "event precision" in text and "1/2" in text and "location accuracy" in text
    per = r.format_per_doc()
    assert "== d1" in per and "match g0 ~ p0" in per and "date:" in per and "invented p1" in per
    assert r.format_per_doc(only_errors=True)
    perfect = evaluate([gdoc("d1", gold_event())], [pdoc("d1", pred_event())])
    assert perfect.format_per_doc(only_errors=True) == ""


# ------------------------------------------------------------------ loading

def test_load_gold_and_errors(tmp_path):
    good = tmp_path / "gold.jsonl"
    good.write_text(json.dumps(gdoc("d1", gold_event())) + "\n\n" + json.dumps(gdoc("d2")) + "\n")
    assert [d["id"] for d in load_gold(good)] == ["d1", "d2"]

    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text(json.dumps(gdoc("d1")) + "\n{not json\n")
    with pytest.raises(RecordError) as exc:
        load_gold(bad_json)
    assert f"{bad_json}:2" in str(exc.value)

    for broken, what in (
        (gold_event(claims=[{"source": ["X"], "stance": "maybe"}]), "stance"),
        (gold_event(sub_event_type="Armed clash"), "sub_event_type"),
        (gold_event(date=["28/10/2020"]), "date"),
        (gold_event(fatalities=["21"]), "fatalities"),
        (gold_event(location={"name": "X", "lat": 1.0, "lon": None}), "lat"),
    ):
        path = tmp_path / f"broken-{what}.jsonl"
        path.write_text(json.dumps(gdoc("d1", broken)) + "\n")
        with pytest.raises(RecordError) as exc:
            load_gold(path)
        assert f"{path}:1" in str(exc.value) and what in str(exc.value)

    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(gdoc("d1")) + "\n" + json.dumps(gdoc("d1")) + "\n")
    with pytest.raises(RecordError, match=":2"):
        load_gold(dup)
    with pytest.raises(InputError):
        load_gold(tmp_path / "missing.jsonl")


def test_load_predictions(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(pdoc("d1", pred_event())) + "\n")
    assert load_predictions(path)[0]["id"] == "d1"
    path.write_text(json.dumps({"events": []}) + "\n")
    with pytest.raises(RecordError, match=":1"):
        load_predictions(path)


# ------------------------------------------------------------------ the shared dev gold

@pytest.mark.skipif(not DEV_GOLD.exists(), reason="needs /work/shared/gold/dev.jsonl")
def test_dev_gold_against_itself_is_perfect():
    golds = load_gold(DEV_GOLD)
    preds = [{"id": d["id"], "published": d.get("published"),
              "events": [gold_to_pred(e) for e in d["events"]]} for d in golds]
    report = evaluate(golds, preds)
    scores = main_scores(report)
    for key in MAIN_KEYS:
        assert scores[key] == 1.0, (key, scores[key])
    assert report.gold_events == report.matched_events > 0
    assert report.format_per_doc(only_errors=True) == ""
