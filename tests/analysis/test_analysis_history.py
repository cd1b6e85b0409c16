"""History and the panel export (twintowns.analysis.history)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from twintowns.analysis import RegistryData
from twintowns.analysis.history import (
    events_of_year,
    network_over_time,
    panel,
    signed_per_decade,
    status_changes,
    write_panel,
)
from twintowns.errors import InputError


def test_signed_per_decade(six_data: RegistryData) -> None:
    decades = signed_per_decade(six_data)
    assert dict(zip(decades["decade"], decades["signed"], strict=True)) == {
        1940: 1,
        1950: 1,
        1960: 2,
        1970: 1,
        1980: 1,
        2000: 1,
    }
    assert decades["cumulative"].iloc[-1] == 7
    assert decades.attrs["undated"] == 2


def test_status_changes(six_data: RegistryData) -> None:
    changes = status_changes(six_data).set_index("year")
    assert changes.loc[1990, "termination"] == 1
    assert changes.loc[2014, "termination"] == 1
    assert changes.loc[2022, "suspension"] == 1
    assert changes["resumption"].sum() == 0


def test_events_of_2022(six_data: RegistryData) -> None:
    events = events_of_year(six_data, 2022)
    assert events[["date", "type", "twinning"]].values.tolist() == [
        ["2022-02-24", "suspension", "beta--paused"]
    ]
    assert events["source"].iloc[0] == "six-towns (fixture)"
    assert events_of_year(six_data, 1800).empty


def test_panel_flags(six_data: RegistryData, today: dt.date) -> None:
    frame = panel(six_data, 1945).set_index(["twinning", "year"])
    years = today.year - 1945 + 1
    assert len(frame) == 9 * years
    assert not frame.loc[("alpha--gamma", 1946), "twinned"]
    assert frame.loc[("alpha--gamma", 1947), "twinned"]
    assert frame.loc[("alpha--gamma", 1947), "since"] == 1947
    assert frame.loc[("alpha--gone", 2015), "status"] == "ended"
    assert not frame.loc[("alpha--gone", 2015), "twinned"]
    assert frame.loc[("beta--paused", 2023), "status"] == "suspended"
    assert frame.loc[("beta--paused", 2023), "twinned"]  # suspended is not ended
    assert pd.isna(frame.loc[("epsilon--toledo-es", 1990), "twinned"])  # undated: unknown
    assert frame.loc[("epsilon--toledo-es", today.year), "twinned"]
    assert frame.loc[("alpha--beta", 2000), "distance_km"] == pytest.approx(68.5, abs=0.5)
    assert frame.loc[("alpha--beta", 2000), "b_population"] == 20_000
    assert pd.isna(frame.loc[("alpha--gone", 2000), "distance_km"])


def test_panel_files_carry_provenance(six_data: RegistryData, tmp_path: Path) -> None:
    frame = panel(six_data, 2000, 2002)
    parquet = tmp_path / "panel.parquet"
    write_panel(frame, parquet)
    back = pd.read_parquet(parquet)
    assert len(back) == 27
    assert list(back.columns) == list(frame.columns)
    metadata = pq.read_schema(parquet).metadata
    assert six_data.snapshot.fingerprint in metadata[b"twintowns.provenance"].decode()
    note = write_panel(frame, tmp_path / "panel.csv")
    assert len(pd.read_csv(tmp_path / "panel.csv")) == 27
    assert six_data.snapshot.fingerprint in note.read_text(encoding="utf-8")
    with pytest.raises(InputError):
        write_panel(frame, tmp_path / "panel.xlsx")
    with pytest.raises(InputError):
        panel(six_data, 2000, 1999)


def test_network_over_time(six_data: RegistryData) -> None:
    table = network_over_time(six_data, (1960, 1990))
    assert table.loc["Places (nodes)"].tolist() == [4, 5, 6]
    assert table.loc["Twinnings (edges)"].tolist() == [3, 5, 6]


def test_history_states_its_dated_share(six_data: RegistryData) -> None:
    from twintowns.analysis.history import MIN_DATED, dated_share, signed_per_decade
    from twintowns.analysis.plots import decade_plot

    share = dated_share(six_data)
    assert (share.dated, share.total) == (7, 9)
    assert share.line() == "7 of 9 twinnings dated (77.78%)"
    assert not share.enough
    assert f"at least {MIN_DATED} dated" in share.refusal()
    decades = signed_per_decade(six_data)
    assert "7 of 9 twinnings dated" in decades.attrs["provenance"].method
    axes = decade_plot(decades).axes[0]
    assert not axes.lines  # no 1945/1956/1989 wave markers on seven facts
    assert "7 of 9 twinnings dated" in axes.get_title()


def test_dated_twinnings_per_decade_for_one_country_by_partner_country(
    six_data: RegistryData,
) -> None:
    from twintowns.analysis.timeline import caveats, signed_per_period

    table = signed_per_period(six_data, "decade", "gb").set_index("decade")
    assert table["signed"].to_dict() == {1940: 1, 1950: 1, 1960: 2, 1980: 1}
    assert table.loc[1960, "FR"] == 1
    assert table.loc[1960, "RU"] == 1
    assert table.loc[1950, "GB"] == 1  # alpha-beta: both sides British
    assert table.loc[1980, "??"] == 1  # beta-paused: the partner has no country
    assert table.attrs["dated_share"].line() == "5 of 5 twinnings dated (100.00%)"
    years = signed_per_period(six_data, "year", "GB")
    assert list(years["year"]) == [1947, 1956, 1960, 1965, 1989]
    german = signed_per_period(six_data, "decade", "DE")
    assert german.empty  # toledo-es-epsilon is undated
    assert german.attrs["undated"] == 1
    assert caveats(german)[0].startswith("Dated: 0 of 1 twinnings dated")


@pytest.mark.parametrize(("by", "country"), [("month", None), ("decade", "DEU")])
def test_a_bad_period_or_country_is_an_input_error(
    six_data: RegistryData, by: str, country: str | None
) -> None:
    from twintowns.analysis.timeline import signed_per_period

    with pytest.raises(InputError):
        signed_per_period(six_data, by, country)  # type: ignore[arg-type]
