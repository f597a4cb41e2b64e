"""The copy of a revision that `diff` and `lint --changed` lint: regular files only,
never outside their folder."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from pcaet_cli.lint.changed import _write_files


def _archive(entries: list[tarfile.TarInfo | tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                tar.addfile(entry)
            else:
                name, data = entry
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_regular_files_are_written_and_nothing_leaves_the_folder(tmp_path: Path) -> None:
    link = tarfile.TarInfo("register/actions/lien.yaml")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    archive = _archive(
        [
            ("register/pcaet.toml", b"[registre]\n"),
            ("register/actions/a.yaml", b"titre: A\n"),
            ("../evade.yaml", b"non\n"),
            ("/absolu.yaml", b"non\n"),
            link,
        ]
    )
    target = tmp_path / "copie"
    _write_files(archive, target)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == [
        "copie",
        "copie/register",
        "copie/register/actions",
        "copie/register/actions/a.yaml",
        "copie/register/pcaet.toml",
    ]
    assert (target / "register/actions/a.yaml").read_bytes() == b"titre: A\n"
