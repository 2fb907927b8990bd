"""The ``acled-csv`` export in ACLED's column set and conventions, read back with pandas.

Short ledgers written for these tests: a shelling of civilians reported by two outlets (one
denial), a battle between state forces and a rebel group, a protest with no actor type and no
toll, and an excessive-force event."""

from __future__ import annotations

import csv
import io

import pytest

from contested.ledger import ACLED_COLUMNS, CSV_COLUMNS, EXTRA_COLUMNS, Ledger
from contested.ledger.export import DISORDER_BY_SUB, INTER_CODES, interaction
from fixtures_ledger import article, ev, place

KYIV = ("Kyiv", 50.45, 30.52, "UA", "Kyiv City")
KAYA = ("Kaya", 13.09, -1.08, "BF", "Centre-Nord")
UA_FORCES = ("Military Forces of Ukraine", "UA", "state_forces")
RU_FORCES = ("Military Forces of Russia", "RU", "state_forces")
UA_CIV = ("Civilians (Ukraine)", "UA", "civilians")
UA_GOV = ("Government of Ukraine", "UA", "government")
RU_GOV = ("Government of Russia", "RU", "government")
JNIM = ("JNIM: Group for Support of Islam and Muslims", None, "rebel_group")
BF_FORCES = ("Military Forces of Burkina Faso", "BF", "state_forces")
BF_PROT = ("Protesters (Burkina Faso)", "BF", "protesters")
SHELL = "Shelling/artillery/missile attack"

ACLED_2023 = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
              "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
              "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
              "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
              "notes", "fatalities", "tags", "timestamp"]


def pairs():
    return [
        article("k-1", "2024-05-02", "Kyiv Independent", "Russian shelling killed 3 civilians in Kyiv.",
                ev(SHELL, "2024-05-01", place(KYIV), RU_FORCES, UA_CIV, fatalities=3,
                   claims=((UA_GOV, "asserts", 3), (RU_GOV, "denies", None)))),
        article("k-2", "2024-05-02", "Reuters", "Four people died in the shelling of Kyiv, officials said.",
                ev(SHELL, "2024-05-01", place(KYIV, dlat=0.01), RU_FORCES, UA_CIV, fatalities=4,
                   claims=((UA_GOV, "asserts", 4),))),
        article("b-1", "2024-06-11", "AFP", "Soldiers clashed with JNIM fighters near Kaya.",
                ev("Armed clash", "2024-06-10", place(KAYA), BF_FORCES, JNIM,
                   claims=((BF_FORCES, "asserts", None),))),
        article("b-2", "2024-07-01", None, "Traders protested in Kaya in June.",
                ev("Peaceful protest", "2024-06-20", place(KAYA, precision="region"), None, None,
                   precision="week", claims=())),
        article("b-3", "2024-08-02", "AFP", "Police shot dead two protesters in Kaya.",
                ev("Excessive force against protesters", "2024-08-01", place(KAYA), BF_FORCES, BF_PROT,
                   fatalities=2, claims=((BF_FORCES, "asserts", 2),))),
    ]


@pytest.fixture()
def ledger(tmp_path):
    with Ledger(f"sqlite:///{tmp_path / 'acled.db'}") as led:
        led.ingest(pairs())
        yield led


def export_csv(ledger: Ledger, **kw) -> str:
    buf = io.StringIO()
    ledger.export("acled-csv", buf, **kw)
    return buf.getvalue()


def test_columns_are_acleds_then_ours():
    assert list(ACLED_COLUMNS) == ACLED_2023
    assert CSV_COLUMNS == ACLED_COLUMNS + EXTRA_COLUMNS
    assert all(c.startswith("contested_") for c in EXTRA_COLUMNS)


def test_read_back_with_pandas_columns_and_dtypes(ledger):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(io.StringIO(export_csv(ledger, timestamp=1714600000)))
    assert list(df.columns) == list(CSV_COLUMNS)
    assert len(df) == 4
    assert df["latitude"].dtype == "float64" and df["longitude"].dtype == "float64"
    for col in ("fatalities", "year", "time_precision", "geo_precision", "iso", "timestamp"):
        assert df[col].dtype == "int64", col
    dates = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    assert dates.notna().all()
    assert (df["timestamp"] == 1714600000).all()


def test_acled_conventions(ledger):
    rows = {r["sub_event_type"]: r for r in csv.DictReader(io.StringIO(export_csv(ledger)))}
    kyiv = rows[SHELL]
    assert (kyiv["country"], kyiv["iso"], kyiv["region"]) == ("Ukraine", "804", "Europe")
    assert kyiv["disorder_type"] == "Political violence"
    assert (kyiv["inter1"], kyiv["inter2"], kyiv["interaction"]) == ("1", "7", "17")
    assert kyiv["civilian_targeting"] == "Civilian targeting"
    # source: the outlets that published the reports, not the claimants
    assert kyiv["source"] == "Kyiv Independent; Reuters"
    assert "Government of Ukraine" in kyiv["contested_claims"]
    assert kyiv["contested_flag"] == "true" and kyiv["contested_documents"] == "k-1; k-2"
    assert (kyiv["time_precision"], kyiv["geo_precision"], kyiv["year"]) == ("1", "1", "2024")
    assert kyiv["event_date"] == "2024-05-01"
    assert int(kyiv["fatalities"]) == int(kyiv["contested_fatalities_best"]) > 0
    clash = rows["Armed clash"]
    assert (clash["country"], clash["iso"], clash["region"]) == ("Burkina Faso", "854", "Western Africa")
    assert (clash["interaction"], clash["civilian_targeting"]) == ("12", "")
    # no toll claimed: fatalities 0, our best count empty
    assert (clash["fatalities"], clash["contested_fatalities_best"]) == ("0", "")
    protest = rows["Peaceful protest"]
    assert protest["disorder_type"] == "Demonstrations"
    assert (protest["time_precision"], protest["geo_precision"]) == ("2", "2")
    assert (protest["inter1"], protest["interaction"], protest["source"]) == ("", "", "")
    force = rows["Excessive force against protesters"]
    assert force["disorder_type"] == "Political violence; Demonstrations"
    assert force["interaction"] == "16" and force["source"] == "AFP"


def test_interaction_codes():
    def code(k1, k2=None):
        return interaction({"actor1": {"kind": k1} if k1 else None, "actor2": {"kind": k2} if k2 else None})
    assert code("state_forces", "civilians") == 17
    assert code("civilians", "political_militia") == 37
    assert code("unidentified_armed_group", "civilians") == 37
    assert code("rebel_group") == 20 and code("protesters") == 60
    assert code("external_forces", "state_forces") == 18
    assert code(None, "civilians") is None
    assert sorted(set(INTER_CODES.values())) == list(range(1, 9))
    assert set(DISORDER_BY_SUB) == {"Excessive force against protesters", "Mob violence"}


def test_to_pandas_has_the_same_columns(ledger):
    pytest.importorskip("pandas")
    df = ledger.to_pandas()
    assert list(df.columns) == [*CSV_COLUMNS, "documents"]
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert str(df["fatalities"].dtype) == "Int64" and df["latitude"].dtype == "float64"
