"""Rebuild pcaet's table of French collectivities from Etalab's administrative divisions.

    python scripts/build_collectivites.py --version 6.0.0
    python scripts/build_collectivites.py --tarball decoupage-administratif-6.0.0.tgz

Reads the npm package `@etalab/decoupage-administratif` (downloaded by `npm pack` into a
temporary folder, or a tarball already on disk; nothing is extracted, members are read in
memory) and writes two files into `pcaet_cli/data/`:

- `collectivites.json.gz`: the compact table `pcaet_cli/collectivites.py` reads;
- `collectivites.source.json`: where it comes from (package, version, the tarball's
  integrity, licences, build date, counts and size).

The user of pcaet never runs this (nor needs npm): the table ships in the package.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
FORMAT = 1
DATA_DIR = Path(__file__).resolve().parent.parent / "pcaet_cli" / "data"
TABLE = "collectivites.json.gz"
SOURCE = "collectivites.source.json"

# The package's EPCI `type` → pcaet's `Nature`. The Métropole de Lyon (MET69) is a
# collectivité à statut particulier, not an EPCI, but it holds an EPCI's competences and
# files its PCAET as one: METRO, the nature users give it.
NATURES = {"CC": "CC", "CA": "CA", "CU": "CU", "METRO": "METRO", "MET69": "METRO", "EPT": "EPT"}

# Codes of the package's `communes.json` that are not communes of their own: kept in a
# side list (code → the actual commune) so that a register using one gets a precise note.
ATTACHED = {
    "commune-deleguee": "commune déléguée",
    "commune-associee": "commune associée",
    "arrondissement-municipal": "arrondissement municipal",
}


class BuildError(Exception):
    """The package does not hold what the table needs; the message says what."""


def npm_pack(version: str, folder: Path) -> Path:
    """Download the package's tarball with npm into `folder`."""
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm is needed to download the package (or pass --tarball)")
    done = subprocess.run(
        [npm, "pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    packed = json.loads(done.stdout)
    return folder / str(packed[0]["filename"])


def integrity(data: bytes) -> tuple[str, str]:
    """npm's Subresource Integrity string (sha512, base64) and the sha1 `shasum`."""
    sri = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    return sri, hashlib.sha1(data).hexdigest()  # npm publishes this shasum too


def read_package(tarball: bytes) -> dict[str, Any]:
    """The JSON members the table is built from, read in memory."""
    wanted = {
        "package/package.json",
        "package/data/communes.json",
        "package/data/epci.json",
        "package/data/ept.json",
    }
    found: dict[str, Any] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.name in wanted and member.isfile():
                stream = archive.extractfile(member)
                if stream is not None:
                    found[member.name.removeprefix("package/")] = json.loads(stream.read())
    # ept.json is in the package since 2023 (3.x): without it, no EPT.
    needed = ("package.json", "data/communes.json", "data/epci.json")
    missing = [name for name in needed if name not in found]
    if missing:
        raise BuildError(f"the tarball lacks {', '.join(missing)}")
    found.setdefault("data/ept.json", [])
    return found


def _population(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def build_table(package: dict[str, Any]) -> dict[str, Any]:
    """The compact table: rows as lists, in a fixed order, sorted by code."""
    groups: list[list[Any]] = []
    epci_of: dict[str, str] = {}
    for entry in [*package["data/epci.json"], *package["data/ept.json"]]:
        kind = str(entry.get("type", ""))
        if kind not in NATURES:
            raise BuildError(f"unknown EPCI type {kind!r} for {entry.get('code')}")
        nature = NATURES[kind]
        members = sorted(str(m["code"]) for m in entry.get("membres", []))
        groups.append(
            [
                str(entry["code"]),
                str(entry["nom"]),
                nature,
                _population(entry.get("populationMunicipale")),
                members,
            ]
        )
        if nature != "EPT":  # a commune's EPCI is its EPCI à fiscalité propre
            for code in members:
                epci_of[code] = str(entry["code"])
    communes: list[list[Any]] = []
    attached: list[list[Any]] = []
    actual = {
        str(c["code"]) for c in package["data/communes.json"] if c["type"] == "commune-actuelle"
    }
    for entry in package["data/communes.json"]:
        code = str(entry["code"])
        if entry["type"] == "commune-actuelle":
            communes.append(
                [
                    code,
                    str(entry["nom"]),
                    _population(entry.get("population")),
                    entry.get("siren"),
                    epci_of.get(code),
                ]
            )
        elif entry["type"] in ATTACHED and code not in actual:
            parent = entry.get("commune") or entry.get("chefLieu")
            attached.append([code, str(entry["nom"]), ATTACHED[entry["type"]], parent])
    return {
        "format": FORMAT,
        "groupements": sorted(groups),
        "communes": sorted(communes),
        "rattachees": sorted(attached),
    }


def compress(table: dict[str, Any]) -> bytes:
    """Gzip'd compact JSON, byte-for-byte the same for the same input (no timestamp)."""
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def build(tarball: Path, output: Path, today: str | None = None) -> dict[str, Any]:
    """Write the table and its source note into `output`; return the source note."""
    data = tarball.read_bytes()
    package = read_package(data)
    table = build_table(package)
    payload = compress(table)
    sri, sha1 = integrity(data)
    meta = package["package.json"]
    source = {
        "package": str(meta.get("name", PACKAGE)),
        "version": str(meta.get("version", "")),
        "integrity": sri,
        "shasum": sha1,
        "license": f"{meta.get('license', '?')} (code), Licence Ouverte / Etalab (données)",
        "built": today or datetime.now(UTC).date().isoformat(),
        "format": FORMAT,
        "bytes": len(payload),
        "groupements": len(table["groupements"]),
        "epci": sum(1 for g in table["groupements"] if g[2] != "EPT"),
        "ept": sum(1 for g in table["groupements"] if g[2] == "EPT"),
        "communes": len(table["communes"]),
        "rattachees": len(table["rattachees"]),
    }
    output.mkdir(parents=True, exist_ok=True)
    (output / TABLE).write_bytes(payload)
    (output / SOURCE).write_text(
        json.dumps(source, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--version", help=f"version of {PACKAGE} to download with npm")
    which.add_argument("--tarball", type=Path, help="a tarball of the package already on disk")
    parser.add_argument("--output", type=Path, default=DATA_DIR, help="folder to write into")
    args = parser.parse_args(argv)
    try:
        if args.tarball is not None:
            source = build(args.tarball, args.output)
        else:
            with tempfile.TemporaryDirectory() as folder:
                source = build(npm_pack(args.version, Path(folder)), args.output)
    except (BuildError, OSError, subprocess.CalledProcessError, tarfile.TarError) as error:
        print(f"build_collectivites: {error}", file=sys.stderr)
        return 1
    print(json.dumps(source, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
