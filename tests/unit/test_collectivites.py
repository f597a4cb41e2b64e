"""The table of collectivities shipped in the package: real entries, names, SIREN from
a cell, natures from the legal words of a name, lazy loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pcaet_cli import collectivites as coll
from pcaet_cli.model.vocab import Nature
from tests.conftest import REPO

GEX = "240100750"


def test_source_is_the_shipped_package() -> None:
    meta = json.loads((REPO / "pcaet_cli/data/collectivites.source.json").read_text())
    assert coll.SOURCE.package == "@etalab/decoupage-administratif"
    assert coll.SOURCE.version == meta["version"] == "6.0.0"
    assert coll.SOURCE.date == meta["built"]
    assert meta["integrity"].startswith("sha512-")
    size = (REPO / "pcaet_cli/data/collectivites.json.gz").stat().st_size
    assert meta["bytes"] == size < 1_000_000


def test_epci_by_siren_with_its_members() -> None:
    gex = coll.by_siren("240 100 750")
    assert gex == coll.Collectivite(
        nom="CA du Pays de Gex",
        nature="CA",
        siren=GEX,
        insee=None,
        population=104770,
        membres=gex.membres if gex else (),
        epci=None,
    )
    assert gex is not None and len(gex.membres) == 27 and "01173" in gex.membres
    communes = coll.members(GEX)
    assert [c.insee for c in communes] == list(gex.membres)
    assert {c.epci for c in communes} == {GEX}
    assert all(c.nature == "COM" for c in communes)


@pytest.mark.parametrize(
    ("siren", "nom", "nature"),
    [
        ("200069110", "CA du Grand Chambéry", "CA"),
        ("244400644", "CA de la Région Nazairienne et de l'Estuaire (CARENE)", "CA"),
        ("200057875", "Est Ensemble", "EPT"),
        ("200054781", "Métropole du Grand Paris", "METRO"),
        ("200046977", "Métropole de Lyon", "METRO"),  # MET69 in the package
        ("200000172", "CC Faucigny - Glières", "CC"),
    ],
)
def test_real_groupings(siren: str, nom: str, nature: str) -> None:
    found = coll.by_siren(siren)
    assert found is not None
    assert (found.nom, found.nature, found.siren) == (nom, nature, siren)
    assert found.nature in set(Nature)
    assert found.population is not None and found.population > 0


def test_commune_by_insee_and_by_siren() -> None:
    gex = coll.by_insee("01173")
    assert gex is not None
    assert (gex.nom, gex.nature, gex.siren, gex.epci, gex.membres) == (
        "Gex",
        "COM",
        "210101739",
        GEX,
        (),
    )
    assert coll.by_siren("210101739") == gex
    # Paris belongs to the Métropole du Grand Paris; Ajaccio's code has a letter.
    paris = coll.by_insee("75056")
    assert paris is not None and paris.epci == "200054781"
    ajaccio = coll.by_insee("2a004")
    assert ajaccio is not None and ajaccio.nom == "Ajaccio"
    # An island commune outside any EPCI.
    sein = coll.by_insee("29083")
    assert sein is not None and sein.epci is None
    # Est Ensemble's communes: their EPCI is the Métropole, not the EPT.
    montreuil = coll.by_insee("93048")
    assert montreuil is not None and montreuil.epci == "200054781"
    assert "93048" in {c.insee for c in coll.members("200057875")}


def test_arrondissements_and_communes_deleguees_are_not_communes() -> None:
    assert coll.by_insee("13201") is None
    attached = coll.attached("13201")
    assert attached is not None
    assert attached[0] == "arrondissement municipal Marseille 1er Arrondissement"
    assert attached[1].insee == "13055"
    broc = coll.attached("49052")
    assert broc is not None and broc[0] == "commune déléguée Broc"
    assert broc[1].nom == "Noyant-Villages"
    assert coll.attached("01173") is None  # an actual commune


def test_unknown_codes() -> None:
    assert coll.by_siren("200099992") is None
    assert coll.by_insee("49999") is None
    assert coll.members("200099992") == []
    assert coll.members("210101739") == []  # a commune has no members


@pytest.mark.parametrize(
    ("name", "siren"),
    [
        ("CA du Pays de Gex", GEX),
        ("ca du pays de gex", GEX),
        ("Communauté d'agglomération du Pays de Gex", GEX),
        ("Communauté d’Agglomération du Pays de Gex", GEX),
        ("CC du Pays de Gex", GEX),  # the CA since 2019: callers compare natures
        ("Pays de Gex", GEX),
        ("Grand Chambéry", "200069110"),
        ("CARENE", "244400644"),
        ("Est Ensemble", "200057875"),
        ("Établissement public territorial Est Ensemble", "200057875"),
        ("Communauté de communes Faucigny - Glières", "200000172"),
        ("Métropole du Grand Paris", "200054781"),
    ],
)
def test_by_name(name: str, siren: str) -> None:
    assert [c.siren for c in coll.by_name(name)] == [siren]


def test_by_name_communes_and_nothing() -> None:
    saint_martin = coll.by_name("Saint-Martin")
    assert len(saint_martin) > 3 and {c.nature for c in saint_martin} == {"COM"}
    assert [c.insee for c in coll.by_name("Chambéry")] == ["73065"]
    assert coll.by_name("Pays de Brume") == []
    assert coll.by_name("  ") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("200099992", ("200099992", None)),
        ("200 099 992", ("200099992", None)),
        ("\u00a0240 100 750 ", (GEX, None)),
        ("200099992.0", ("200099992", None)),  # a number cell read as a float
        ("", (None, None)),
        (
            "732 829 320 00074",
            ("732829320", "SIRET « 732 829 320 00074 » ramené à son SIREN « 732829320 »"),
        ),
        (
            "73282932000075",
            (
                "732829320",
                "SIRET « 73282932000075 » ramené à son SIREN « 732829320 » (la clé du SIRET "
                "est fausse, celle du SIREN est bonne)",
            ),
        ),
        (
            "73282932100074",
            (None, "SIRET « 73282932100074 » : clé de contrôle du SIREN fausse, non repris"),
        ),
        ("200099993", (None, "SIREN « 200099993 » : clé de contrôle fausse, non repris")),
        ("20009999A", (None, "« 20009999A » n'est pas un SIREN (9 chiffres) : non repris")),
        ("٢٠٠٠٩٩٩٩٢", (None, "« ٢٠٠٠٩٩٩٩٢ » n'est pas un SIREN (9 chiffres) : non repris")),
        ("1234", (None, "« 1234 » : 4 chiffres, ni SIREN (9) ni SIRET (14) : non repris")),
    ],
)
def test_siren_from(value: str, expected: tuple[str | None, str | None]) -> None:
    assert coll.siren_from(value) == expected


@pytest.mark.parametrize(
    ("name", "nature", "words"),
    [
        # EPCI words before "pays": a CC, not a PETR.
        ("CC du Pays de Gex", "CC", "communauté de communes"),
        ("Communauté de communes du Pays de Gex", "CC", "communauté de communes"),
        ("CA Villefranche Beaujolais Saône", "CA", "communauté d'agglomération"),
        ("Communauté d'agglomération du Grand Chambéry", "CA", "communauté d'agglomération"),
        ("Valence Romans Agglo", "CA", "agglomération"),
        ("Pays Basque Agglomération", "CA", "agglomération"),
        ("Communauté urbaine de Dunkerque", "CU", "communauté urbaine"),
        ("CU Grand Paris Seine et Oise", "CU", "communauté urbaine"),
        ("Métropole du Grand Paris", "METRO", "métropole"),
        ("Aix-Marseille-Provence Métropole", "METRO", "métropole"),
        ("Eurométropole de Strasbourg", "METRO", "métropole"),
        (
            "Établissement public territorial Est Ensemble",
            "EPT",
            "établissement public territorial",
        ),
        ("EPT Plaine Commune", "EPT", "établissement public territorial"),
        ("PETR du Pays de Brume", "PETR", "pôle d'équilibre territorial et rural"),
        (
            "Pôle d'équilibre territorial et rural du Pays de Brume",
            "PETR",
            "pôle d'équilibre territorial et rural",
        ),
        ("Pays de Brume", "PETR", "pays"),  # only when nothing stronger
        ("Pôle métropolitain du Genevois français", "POLEM", "pôle métropolitain"),
        ("Syndicat mixte fermé du SCoT", "SMF", "syndicat mixte fermé"),
        ("Syndicat mixte ouvert Bretagne", "SMO", "syndicat mixte ouvert"),
        ("Syndicat mixte du SCoT du Pays de Brume", "SMF", "syndicat mixte"),
        ("SIVOM de la vallée", "SIVOM", "syndicat intercommunal à vocation multiple"),
        (
            "Syndicat intercommunal à vocation unique des écoles",
            "SIVU",
            "syndicat intercommunal à vocation unique",
        ),
        ("Parc naturel régional du Vexin français", "PNR", "parc naturel régional"),
        ("Syndicat mixte du Parc naturel régional du Vexin", "PNR", "parc naturel régional"),
        ("Département de la Savoie", "DEP", "département"),
        ("Conseil départemental de l'Ain", "DEP", "département"),
        ("Région Auvergne-Rhône-Alpes", "REG", "région"),
        ("Conseil régional de Bretagne", "REG", "région"),
        (
            "CA de la Région Nazairienne et de l'Estuaire (CARENE)",
            "CA",
            "communauté d'agglomération",
        ),
        ("Commune de Brumeval", "COM", "commune"),
        ("Mairie de Gex", "COM", "commune"),
        ("Ville de Paris", "COM", "commune"),
    ],
)
def test_nature_from_words(name: str, nature: str, words: str) -> None:
    assert coll.nature_from_words(name) == (nature, words)
    assert nature in set(Nature)


@pytest.mark.parametrize(
    "name",
    [
        "Grand Chambéry",
        "CARENE",
        "Est Ensemble",
        "Villefranche-sur-Saône",  # "ville" only as the words "Ville de"
        "Pays de la Loire",  # a region's name, not a pays
        "Plaine Commune",  # "commune" only at the start
        "Grand Paris Sud Est Avenir",
        "",
    ],
)
def test_no_legal_word(name: str) -> None:
    assert coll.nature_from_words(name) is None


def test_region_only_at_the_start() -> None:
    # "Région" inside CARENE's full name does not decide; its CA words do.
    assert coll.nature_from_words("Région Nazairienne") == ("REG", "région")
    assert coll.nature_from_words("Agglomération de la Région Nazairienne") == (
        "CA",
        "agglomération",
    )


def test_table_read_only_when_a_territory_has_a_code(tmp_path: Path) -> None:
    # Lint of a register without SIREN or INSEE code never reads the table (80 ms).
    from pcaet_cli.lint.engine import LintRequest, run_lint

    register = tmp_path / "registre"
    (register / "territoires").mkdir(parents=True)
    (register / "pcaet.toml").write_text("[registre]\n", encoding="utf-8")
    (register / "territoires/cc.yaml").write_text("nom: CC\nnature: CC\n", encoding="utf-8")
    coll._table.cache_clear()  # as in a new process
    run_lint(LintRequest(register, cache=False))
    assert coll._table.cache_info().currsize == 0
    (register / "territoires/cc.yaml").write_text(
        f'nom: CC\nnature: CC\nsiren: "{GEX}"\n', encoding="utf-8"
    )
    run_lint(LintRequest(register, cache=False))
    assert coll._table.cache_info().currsize == 1


def test_groupings_of_one_nature_in_siren_order() -> None:
    ccs = coll.groupings("CC")
    assert len(ccs) == 989
    assert [c.siren for c in ccs] == sorted(str(c.siren) for c in ccs)
    assert {c.nature for c in ccs} == {"CC"}
    assert len(coll.groupings("METRO")) == 22
    assert coll.groupings("PETR") == []
