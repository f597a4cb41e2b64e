"""scripts/build_collectivites.py on a tiny fake tarball built here (no npm, no
network): the compact rows, the source note, a byte-identical rebuild."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import tarfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_collectivites", REPO / "scripts" / "build_collectivites.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tarball(path: Path, members: dict[str, Any]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            raw = json.dumps(data).encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


COMMUNES = [
    {
        "code": "01173",
        "nom": "Gex",
        "type": "commune-actuelle",
        "siren": "210101739",
        "population": 13627,
    },
    {"code": "01143", "nom": "Divonne-les-Bains", "type": "commune-actuelle", "population": 10464},
    {"code": "29083", "nom": "Île-de-Sein", "type": "commune-actuelle", "siren": "212900831"},
    {"code": "01999", "nom": "Ancienne", "type": "commune-deleguee", "chefLieu": "01173"},
    {"code": "01173", "nom": "Gex (déléguée)", "type": "commune-deleguee", "chefLieu": "01173"},
    {
        "code": "13201",
        "nom": "Marseille 1er",
        "type": "arrondissement-municipal",
        "commune": "13055",
    },
]
EPCI = [
    {
        "code": "240100750",
        "nom": "CA du Pays de Gex",
        "type": "CA",
        "populationMunicipale": 24091,
        "membres": [{"code": "01173"}, {"code": "01143"}],
    },
    {"code": "200046977", "nom": "Métropole de Lyon", "type": "MET69", "membres": []},
]
EPT = [{"code": "200057875", "nom": "Est Ensemble", "type": "EPT", "membres": [{"code": "01143"}]}]
PACKAGE = {"name": "@etalab/decoupage-administratif", "version": "9.9.9", "license": "MIT"}


def test_build_from_a_tarball(tmp_path: Path) -> None:
    script = _script()
    tarball = _tarball(
        tmp_path / "pkg.tgz",
        {
            "package.json": PACKAGE,
            "data/communes.json": COMMUNES,
            "data/epci.json": EPCI,
            "data/ept.json": EPT,
        },
    )
    out = tmp_path / "data"
    assert script.main(["--tarball", str(tarball), "--output", str(out)]) == 0
    table = json.loads(gzip.decompress((out / "collectivites.json.gz").read_bytes()))
    assert table["groupements"] == [
        ["200046977", "Métropole de Lyon", "METRO", None, []],
        ["200057875", "Est Ensemble", "EPT", None, ["01143"]],
        ["240100750", "CA du Pays de Gex", "CA", 24091, ["01143", "01173"]],
    ]
    # The EPT is not a commune's EPCI; Île-de-Sein is in none.
    assert table["communes"] == [
        ["01143", "Divonne-les-Bains", 10464, None, "240100750"],
        ["01173", "Gex", 13627, "210101739", "240100750"],
        ["29083", "Île-de-Sein", None, "212900831", None],
    ]
    # A commune déléguée sharing its commune nouvelle's code is left out.
    assert table["rattachees"] == [
        ["01999", "Ancienne", "commune déléguée", "01173"],
        ["13201", "Marseille 1er", "arrondissement municipal", "13055"],
    ]
    source = json.loads((out / "collectivites.source.json").read_text(encoding="utf-8"))
    sri, sha1 = script.integrity(tarball.read_bytes())
    assert (source["version"], source["integrity"], source["shasum"]) == ("9.9.9", sri, sha1)
    assert source["bytes"] == (out / "collectivites.json.gz").stat().st_size
    assert (source["epci"], source["ept"], source["communes"]) == (2, 1, 3)
    first = (out / "collectivites.json.gz").read_bytes()
    assert script.main(["--tarball", str(tarball), "--output", str(out)]) == 0
    assert (out / "collectivites.json.gz").read_bytes() == first  # no timestamp inside


def test_unknown_epci_type_and_missing_member_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    odd = [{"code": "200000001", "nom": "X", "type": "SIVU", "membres": []}]
    tarball = _tarball(
        tmp_path / "odd.tgz",
        {"package.json": PACKAGE, "data/communes.json": [], "data/epci.json": odd},
    )
    assert script.main(["--tarball", str(tarball), "--output", str(tmp_path / "o")]) == 1
    assert "unknown EPCI type 'SIVU'" in capsys.readouterr().err
    bare = _tarball(tmp_path / "bare.tgz", {"package.json": PACKAGE})
    assert script.main(["--tarball", str(bare), "--output", str(tmp_path / "o")]) == 1
    assert "the tarball lacks data/communes.json, data/epci.json" in capsys.readouterr().err
    assert not (tmp_path / "o" / "collectivites.json.gz").exists()


def test_shipped_table_matches_its_source_note() -> None:
    data = REPO / "pcaet_cli" / "data"
    table = json.loads(gzip.decompress((data / "collectivites.json.gz").read_bytes()))
    source = json.loads((data / "collectivites.source.json").read_text(encoding="utf-8"))
    assert len(table["communes"]) == source["communes"] == 34969
    assert len(table["groupements"]) == source["epci"] + source["ept"] == 1255 + 11
