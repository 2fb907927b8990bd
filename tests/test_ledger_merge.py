"""Pure merge and toll rules: no database."""

from __future__ import annotations

from datetime import date

from contested.ledger.merge import (
    MergeParams,
    candidate_pairs,
    cluster_all,
    cluster_event_id,
    date_range,
    make_mention,
    pair_score,
)
from contested.ledger.tolls import ClaimRow, Parties, tolls
from fixtures_ledger import (
    AM_CIV,
    AM_FORCES,
    AM_GOV,
    AZ_CIV,
    AZ_FORCES,
    AZ_GOV,
    BARDA,
    GANJA,
    HOSPITAL,
    ICRC,
    SHELL,
    actor,
    corpus,
    ev,
    pairwise_scores,
    place,
)

P = MergeParams()


def mention(doc: str, event, published: str = "2020-10-29", idx: int = 0, outlet: str = "X"):
    return make_mention(doc, idx, event.to_dict(), date.fromisoformat(published), outlet, P)


def test_fixture_clusters_match_truth() -> None:
    pairs, truth = corpus()
    ms = [make_mention(a.id, i, e.to_dict(), a.published, a.outlet, P)
          for a, x in pairs for i, e in enumerate(x.events)]
    result = cluster_all(ms, P)
    pred = {(m.doc_id, m.idx): cluster_event_id(cl) for cl in result.clusters for m in cl}
    assert pairwise_scores(pred, truth) == (1.0, 1.0)
    assert [(m.doc_id, m.idx) for m in result.orphans] == [("wc-11", 1)]


def test_date_ranges_follow_precision() -> None:
    d = date(2020, 10, 14)
    assert date_range(d, "day", None, P) == (d.toordinal(), d.toordinal())
    lo, hi = date_range(d, "week", None, P)
    assert (lo, hi) == (d.toordinal() - 3, d.toordinal() + 6)
    lo, hi = date_range(d, "month", None, P)
    assert (date.fromordinal(lo), date.fromordinal(hi)) == (date(2020, 10, 1), date(2020, 10, 31))
    # undated: the background window before publication
    assert date_range(None, None, d, P) == (d.toordinal() - P.background_days, d.toordinal())


def test_pair_rules() -> None:
    a = mention("a", ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV))
    near = mention("b", ev(SHELL, "2020-10-29", place(BARDA, dlat=0.1), AM_FORCES, None))  # ~11 km
    far = mention("c", ev(SHELL, "2020-10-28", place(GANJA), AM_FORCES, AZ_CIV))
    late = mention("d", ev(SHELL, "2020-10-30", place(BARDA), AM_FORCES, AZ_CIV))
    same_doc = mention("a", ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV), idx=1)
    other_actors = mention("e", ev(SHELL, "2020-10-28", place(BARDA), AZ_FORCES, AM_CIV))
    clash = mention("f", ev("Armed clash", "2020-10-28", place(BARDA), AM_FORCES, AZ_FORCES))
    vac = mention("g", ev("Attack", "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV))
    assert pair_score(a, near, P) is not None
    assert pair_score(a, far, P) is None
    assert pair_score(a, late, P) is None
    assert pair_score(a, same_doc, P) is None
    assert pair_score(a, other_actors, P) is None
    assert pair_score(a, clash, P) is None
    assert pair_score(a, vac, P) is not None
    # a wider window joins two days apart
    assert pair_score(a, late, MergeParams(date_window_days=2)) is not None
    # week precision widens the window
    week = mention("h", ev(SHELL, "2020-10-26", place(BARDA), AM_FORCES, AZ_CIV, precision="week"),
                   published="2020-11-02")
    assert pair_score(a, week, P) is not None


def test_no_chaining_across_days() -> None:
    # Monday, Tuesday, Wednesday at one place: each neighbour pair is within the window,
    # but one event cannot span Monday to Wednesday
    ms = [mention(f"d{i}", ev(SHELL, f"2020-10-{26 + i}", place(BARDA), AM_FORCES, AZ_CIV),
                  published=f"2020-10-{26 + i}") for i in range(3)]
    result = cluster_all(ms, P)
    spans = [sorted(m.date.day for m in cl) for cl in result.clusters]
    assert all(max(s) - min(s) <= 1 for s in spans)
    assert sum(len(s) for s in spans) == 3


def test_two_well_attested_days_stay_apart() -> None:
    ms = [mention(f"x{i}", ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV)) for i in range(2)]
    ms += [mention(f"y{i}", ev(SHELL, "2020-10-29", place(BARDA), AM_FORCES, AZ_CIV),
                   published="2020-10-30") for i in range(2)]
    assert sorted(len(cl) for cl in cluster_all(ms, P).clusters) == [2, 2]
    # a lone report one day off joins the attested day
    ms.append(mention("z", ev(SHELL, "2020-10-27", place(BARDA), AM_FORCES, AZ_CIV)))
    assert sorted(len(cl) for cl in cluster_all(ms, P).clusters) == [2, 3]


def test_background_mention_creates_no_event() -> None:
    old = mention("late", ev(SHELL, "2020-09-20", place(GANJA), AM_FORCES, AZ_CIV), published="2020-10-29")
    assert old.background
    result = cluster_all([old], P)
    assert result.clusters == [] and [m.id for m in result.orphans] == [old.id]
    fresh = mention("fresh", ev(SHELL, "2020-09-20", place(GANJA), AM_FORCES, AZ_CIV), published="2020-09-21")
    result = cluster_all([old, fresh], P)
    assert len(result.clusters) == 1 and len(result.clusters[0]) == 2
    assert cluster_event_id(result.clusters[0]) == cluster_event_id([fresh])


def test_blocking_is_not_all_pairs() -> None:
    # 400 mentions spread over many cells: only nearby ones are compared
    ms = [mention(f"d{i}", ev(SHELL, "2020-10-28", place(BARDA, dlat=i * 0.6), AM_FORCES, AZ_CIV))
          for i in range(400)]
    assert candidate_pairs(ms, P) == {}


def _claim(doc: str, pub: str, src, stance: str = "asserts", n: int | None = None) -> ClaimRow:
    return ClaimRow(doc_id=doc, published=date.fromisoformat(pub),
                    source=actor(src).to_dict() if src else None, stance=stance, hedged=False,
                    fatalities=n, injured=None, span=None)


def test_tolls_best_prefers_latest_nonparty() -> None:
    parties = Parties(names=frozenset({"military forces of armenia", "civilians (azerbaijan)"}),
                      countries=frozenset({"AM", "AZ"}))
    claims = [_claim("a", "2020-10-28", AZ_GOV, n=21), _claim("b", "2020-10-29", HOSPITAL, n=25),
              _claim("c", "2020-10-30", AZ_GOV, n=27), _claim("d", "2020-10-28", ICRC, n=24),
              _claim("e", "2020-10-28", AM_GOV, "denies")]
    t = tolls(claims, parties, {})
    assert (t.low, t.best, t.high) == (21, 25, 27)
    assert t.contested and t.n_sources == 4 and t.nonparty_source
    # only parties: the median
    only = [c for c in claims if c.source and c.source["kind"] == "government"]
    t = tolls(only, parties, {})
    assert (t.low, t.best, t.high) == (21, 21, 27) and not t.nonparty_source
    # no counts at all
    t = tolls([_claim("e", "2020-10-28", AM_GOV, "denies")], parties, {})
    assert t.fatalities() is None and t.contested
    # the party rule: a ministry of a side is a party, a hospital of that country is not
    assert parties.is_party(actor(AZ_GOV).to_dict())
    assert not parties.is_party(actor(HOSPITAL).to_dict())
    assert parties.is_party({"name": "Military Forces of Armenia", "country": None, "kind": "media"})
