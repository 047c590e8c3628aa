"""The built-in catalogue: the 14 indicators of INDICATORS.md, valid, and compiled as written."""

from __future__ import annotations

from chitieu.catalog import load_catalogue, read_catalogue, validate
from chitieu.catalog.expressions import expand, parse_filter
from chitieu.domain import Source

EXPECTED = {
    "regulation_update": ("I.1", Source.MANUAL),
    "full_online_services": ("II.1", Source.PROCEDURES),
    "online_payment": ("II.2", Source.DOSSIERS),
    "online_dossiers": ("II.3", Source.DOSSIERS),
    "digitized": ("II.4", Source.DOSSIERS),
    "e_results": ("II.5", Source.DOSSIERS),
    "e_certified_copies": ("II.6", Source.DOSSIERS),
    "data_reuse": ("II.7", Source.DOSSIERS),
    "published_on_time": ("II.8", Source.PUBLICATIONS),
    "synced_national": ("II.9", Source.DOSSIERS),
    "feedback_on_time": ("II.10", Source.FEEDBACK),
    "satisfaction": ("II.11", Source.DOSSIERS),
    "online_documents": ("II.12", Source.MANUAL),
    "on_time": (None, Source.DOSSIERS),
}


def test_the_catalogue_has_the_fourteen_indicators() -> None:
    catalogue = load_catalogue()
    assert {i.code: (i.task, i.source) for i in catalogue.indicators} == EXPECTED


def test_the_builtin_files_have_no_issue_at_all() -> None:
    catalogue, structural = read_catalogue()
    assert structural == []
    assert validate(catalogue) == []


def test_manual_indicators_have_no_formula_and_the_others_do() -> None:
    for indicator in load_catalogue().indicators:
        assert (indicator.definition is None) == (indicator.source is Source.MANUAL), indicator.code


def test_received_expands_to_the_precise_rule() -> None:
    catalogue = load_catalogue()
    online = catalogue.indicator("online_dossiers")
    assert online.definition is not None
    sql = expand(parse_filter(online.definition.numerator), catalogue.predicates).sql()
    assert sql == (
        "(NOT status IN (1, 3, 7) AND received_at >= P.start AND received_at < P.end) "
        "AND channel = 'online'"
    )


def test_levels_are_data() -> None:
    catalogue = load_catalogue()
    assert [level.code for level in catalogue.levels] == [
        "province",
        "province_department",
        "district",
        "commune",
        "official",
    ]
    assert [level.rank for level in catalogue.levels] == [0, 1, 2, 3, 4]
