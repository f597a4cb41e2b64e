"""What every importer shares: identifiers, actors, the report, writing (the values read
from cells: import_values.py).

An importer builds an `ImportResult` (files as text + report) without touching the disk;
`write_result` then writes it, so `--dry-run` and the refusal to overwrite are decided in
one place and before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.french import plural
from pcaet_cli.fsutil import check_name, inside, inside_new, write_tree
from pcaet_cli.io.import_values import clean, match_vocab, parse_amount, parse_date
from pcaet_cli.io.yamlwrite import register_file
from pcaet_cli.model.common import FIRST_YEAR, LAST_YEAR, implausible
from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.register.scaffold import REGISTER_FOLDER, project_files
from pcaet_cli.textmatch import fold, slug

# --------------------------------------------------------------------------- identifiers

MAX_ID_LEN = 50
"""Identifiers made from titles are cut on a word there: short file names, read whole."""


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Slugger:
    """Unique identifiers across the whole imported register (the register forbids the same
    identifier in two folders): a second « Mobilité » becomes `mobilite-2`."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str, fallback: str = "element") -> str:
        """A free identifier made from `wanted` (any text: a title, an id read from open
        data), through the project's one slug so that it is always a safe file name."""
        base = slug(wanted, MAX_ID_LEN) or fallback
        ident, n = base, 2
        while ident in self.used:
            ident, n = f"{base}-{n}", n + 1
        self.used.add(ident)
        return ident


# ------------------------------------------------------------------------------- report


class RowStatus(StrEnum):
    """What became of one row (or element) of the source: each row read ends in exactly
    one of them, so the report's totals reconcile with the rows read. The values are the
    words the text and JSON reports show (`statut`).

    Not a lint `Severity`: a status says what the import did with a row, a severity how
    serious a finding is. What was left out of a row that was taken is a note on its line
    (`ImportReport.note`); a file the import cannot read at all is no status but a
    `PcaetError`, and nothing is written.
    """

    CREATED = "créée"
    """Files of the register were made from the row (named on its line)."""
    MERGED = "fusionnée"
    """The row was found identical to one already taken, and was merged into its file."""
    IGNORED = "ignorée"
    """Nothing of the row was taken, and nothing was lost: blank, instructions of a
    template, an axis heading."""
    REFUSED = "refusée"
    """The row holds something, but the import could not take it (no title, no
    identifier, invalid): the line says why, for the user to correct the source."""


UNACCOUNTED = "lue mais sans suite : défaut de pcaet, signalez-le avec ce rapport"
"""The outcome of a row read that no step of the importer accounted for: so that no row
ever disappears from the report, even through a defect."""


@dataclass(slots=True)
class ReportLine:
    source: str
    """Where the row comes from: « ligne 7 », « démarche 1234 / action 3 »."""
    status: RowStatus | None
    """None while the row is read and its outcome not yet decided."""
    detail: str = ""
    """What was made of it, or why not."""
    files: list[str] = field(default_factory=list)
    """The register files the row made, or was merged into (relative paths)."""
    notes: list[str] = field(default_factory=list)
    """What was left out of the row or assumed while taking it."""


_FOLDERS = ("territoires", "acteurs", "plans", "actions")


@dataclass(slots=True)
class ImportReport:
    fmt: str
    inputs: list[str] = field(default_factory=list)
    rows: dict[str, ReportLine] = field(default_factory=dict)
    """Source → its line, in reading order."""
    approximations: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Notes on the source as a whole (a column left out, a guess made once)."""

    def _line(self, source: str) -> ReportLine:
        line = self.rows.get(source)
        if line is None:
            line = self.rows[source] = ReportLine(source, None)
        return line

    def read(self, source: str) -> None:
        """Count a row as read: it must end with an outcome, or the report says so."""
        self._line(source)

    def add(self, source: str, status: RowStatus, detail: str, file: str | None = None) -> None:
        """The outcome of a row. A row that makes several files (an action and the action
        its sub-action belongs to) is one line with its files; a second, different outcome
        of the same row is kept as a note rather than hiding the first."""
        line = self._line(source)
        if line.status is None or line.status == status:
            line.status = status
            if detail and detail not in line.detail:
                line.detail = f"{line.detail} ; {detail}" if line.detail else detail
        else:
            line.notes.append(f"{status} : {detail}")
        if file is not None and file not in line.files:
            line.files.append(file)

    def note(self, source: str, detail: str) -> None:
        """Something left out of a row, or assumed while taking it."""
        self._line(source).notes.append(detail)

    def approx(self, source: str, column: str, raw: str, became: str) -> None:
        self.approximations.append(f"{source}, {column} : « {raw} » → « {became} »")

    @property
    def lines(self) -> list[ReportLine]:
        """Every row's line, a row without outcome refused as UNACCOUNTED."""
        for line in self.rows.values():
            if line.status is None:
                line.status, line.detail = RowStatus.REFUSED, UNACCOUNTED
        return list(self.rows.values())

    def count(self, status: RowStatus) -> int:
        return sum(1 for line in self.lines if line.status == status)

    def totals(self) -> dict[str, int]:
        """Rows read, then how many ended in each status: the parts add up to the whole."""
        lines = self.lines
        counts = {"lues": len(lines)}
        counts.update({str(s): sum(1 for x in lines if x.status == s) for s in RowStatus})
        return counts

    def to_text(self, files: dict[str, str], max_lines: int | None = None) -> str:
        out = [f"Import {self.fmt} : {', '.join(self.inputs)}"]
        totals = self.totals()
        out.append(
            f"Lignes lues : {totals['lues']} — "
            + ", ".join(plural(totals[str(s)], str(s)) for s in RowStatus)
        )
        out.append("Fichiers : " + ", ".join(f"{n} {f}" for f, n in _files_by_folder(files)))
        lines = self.lines
        shown = lines if max_lines is None else lines[:max_lines]
        if shown:
            out.append("")
            out.append("Lignes :")
            for line in shown:
                where = f" → {', '.join(line.files)}" if line.files else ""
                detail = f" — {line.detail}" if line.detail else ""
                out.append(f"  {line.source} : {line.status}{where}{detail}")
                out.extend(f"      remarque : {note}" for note in line.notes)
            if len(shown) < len(lines):
                out.append(
                    f"  … et {plural(len(lines) - len(shown), 'autre ligne', 'autres lignes')}"
                )
        for title, items in (
            ("Correspondances approchées (vérifiez-les)", self.approximations),
            ("Acteurs fusionnés", self.merges),
            ("Remarques", self.notes),
        ):
            if items:
                out.append("")
                out.append(f"{title} :")
                out.extend(f"  {item}" for item in items)
        return "\n".join(out) + "\n"

    def to_json(self, files: dict[str, str]) -> str:
        document = {
            "format": self.fmt,
            "entrees": self.inputs,
            "totaux": self.totals(),
            "fichiers": sorted(files),
            "lignes": [
                {
                    "source": line.source,
                    "statut": line.status,
                    "fichiers": line.files,
                    "detail": line.detail,
                    "remarques": line.notes,
                }
                for line in self.lines
            ],
            "correspondances_approchees": self.approximations,
            "fusions": self.merges,
            "remarques": self.notes,
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _files_by_folder(files: dict[str, str]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(_FOLDERS, 0)
    for rel in files:
        folder = rel.split("/", 1)[0]
        if folder in counts:
            counts[folder] += 1
    return list(counts.items())


@dataclass(slots=True)
class ImportResult:
    report: ImportReport
    files: dict[str, str] = field(default_factory=dict)
    """Path relative to the register root → text. Insertion order is the writing order."""
    name: str = "Registre importé"
    config: str | None = None
    """The text of pcaet.toml when the source carries one (a register exported as JSON);
    otherwise a new one is written with `name`."""

    def add_entity(
        self, folder: str, ident: str, data: dict[str, Any], comment: str | None = None
    ) -> str:
        """Add a file; returns its path relative to the register, for the report."""
        check_name(ident, f"identifiant à créer dans {folder}/")
        rel = f"{folder}/{ident}.yaml"
        self.files[rel] = register_file(folder, data, comment)
        return rel


# ------------------------------------------------------------------------------- actors

# Words in an organisation's name that say its type; checked in this order.
_TYPE_HINTS: tuple[tuple[str, TypeActeur], ...] = (
    (r"\b(direction|dga|dgs)\b", TypeActeur.DIRECTION),
    (r"\b(service|pole|mission)\b", TypeActeur.SERVICE),
    (r"\b(cci|cma|chambre)\b", TypeActeur.CHAMBRE_CONSULAIRE),
    (r"\b(ademe|cerema|ofb|agence de l eau|epf|bpi)\b", TypeActeur.ETABLISSEMENT_PUBLIC),
    (r"\b(ddt|ddtm|dreal|prefecture|etat|dsil|fonds vert)\b", TypeActeur.ETAT),
    (r"\b(syndicat|sde|sie|smictom|sictom)\b", TypeActeur.SYNDICAT),
    (r"\b(habitat|bailleur|hlm|logis)\b", TypeActeur.BAILLEUR),
    (r"\b(association|asso|cpie|collectif|federation)\b", TypeActeur.ASSOCIATION),
    (r"\b(sa|sas|sarl|sem|spl|scic|entreprise|societe|groupe)\b", TypeActeur.ENTREPRISE),
    (r"\b(commune|mairie|ville)\b", TypeActeur.COMMUNE),
)


def guess_type(name: str, default: TypeActeur = TypeActeur.AUTRE) -> TypeActeur:
    """The type an organisation's name suggests (« CCI … » → chambre consulaire)."""
    folded = fold(name).replace("'", " ")
    for pattern, kind in _TYPE_HINTS:
        if re.search(pattern, folded):
            return kind
    return default


def name_key(name: str) -> str:
    """The key two spellings of one actor share: folded, and words sorted so that
    « Prénom NOM » and « NOM Prénom » meet."""
    return " ".join(sorted(fold(name).replace("'", " ").replace(".", " ").split()))


@dataclass(slots=True)
class _Actor:
    ident: str
    nom: str
    type: TypeActeur
    extra: dict[str, Any] = field(default_factory=dict)


class ActorBook:
    """Actors named in free text, deduplicated on `name_key`; merges are reported."""

    def __init__(self, slugger: Slugger, report: ImportReport) -> None:
        self.slugger = slugger
        self.report = report
        self.by_key: dict[str, _Actor] = {}

    def get(self, name: str, kind: TypeActeur, source: str, **extra: Any) -> str:
        """The identifier of the actor called `name`, created on first sight."""
        nom = " ".join(name.split())
        key = name_key(nom)
        actor = self.by_key.get(key)
        if actor is None:
            actor = _Actor(self.slugger.take(nom, "acteur"), nom, kind, dict(extra))
            self.by_key[key] = actor
            return actor.ident
        if nom != actor.nom:
            self.report.merges.append(
                f"{source} : « {nom} » fusionné avec « {actor.nom} » ({actor.ident})"
            )
            actor_is_vague = actor.type is TypeActeur.AUTRE
            if actor_is_vague and kind is not TypeActeur.AUTRE:
                actor.type = kind
        elif actor.type is TypeActeur.AUTRE and kind is not TypeActeur.AUTRE:
            # The same organisation named as pilot service then as partner: the precise
            # type wins over the guess.
            actor.type = kind
        for key_, value in extra.items():
            actor.extra.setdefault(key_, value)
        return actor.ident

    def write(self, result: ImportResult) -> None:
        for actor in self.by_key.values():
            data: dict[str, Any] = {"nom": actor.nom, "type": str(actor.type)}
            data.update(actor.extra)
            result.add_entity("acteurs", actor.ident, data)


# ----------------------------------------------------------------------------- importer


class Importer:
    """What every importer shares while it reads: the report, one slugger (identifiers
    unique across the whole register), the actors named so far and the result they all
    fill; and the readings that every format does the same way.

    A format subclasses it with one method per concern (its rows, axes, texts, actors…);
    nothing touches the disk: the result is written by `write_result`.
    """

    def __init__(self, fmt: str, inputs: list[Path], name: str) -> None:
        self.report = ImportReport(fmt, [str(path) for path in inputs])
        self.result = ImportResult(self.report, name=name)
        self.slugger = Slugger()
        self.actors = ActorBook(self.slugger, self.report)

    def vocab_label(
        self,
        source: str,
        column: str,
        raw: str,
        vocab: type[StrEnum],
        default: StrEnum | None = None,
    ) -> str | None:
        """The label of `vocab` a cell means; an unknown value is reported and the field
        left empty (None), or given `default`. An approximate match is taken and listed
        for the user to check."""
        label, approximate = match_vocab(raw, vocab)
        if label is None:
            kept = "laissé vide" if default is None else f"« {default} » retenu"
            self.report.note(source, f"{column} « {raw} » non reconnu, {kept}")
            return None if default is None else str(default)
        if approximate:
            self.report.approx(source, column, raw, label)
        return label

    def vocab_labels(
        self, source: str, column: str, raws: Iterable[str], vocab: type[StrEnum]
    ) -> list[str]:
        """The labels of `vocab` several values mean, each once; an unknown value is
        reported and left out, an approximate match listed the first time it is taken."""
        labels: list[str] = []
        for raw in raws:
            if not raw.strip():  # a value dropped while reading was noted there already
                continue
            label, approximate = match_vocab(raw, vocab)
            if label is None:
                self.report.note(source, f"{column} « {raw} » non reconnu, non repris")
            elif label not in labels:
                labels.append(label)
                if approximate:
                    self.report.approx(source, column, raw, label)
        return labels

    def read_date(self, source: str, column: str, value: Any) -> date | None:
        """A date cell: an unreadable one is noted and left out, an implausible one (year
        outside 1990–2100) kept and noted, for the user to check."""
        try:
            day = parse_date(value)
        except ValueError:
            self.report.note(source, f"{column} « {clean(value)} » n'est pas une date")
            return None
        if day is not None and implausible(day):
            self.report.note(
                source,
                f"{column} « {clean(value)} » : année {day.year} hors de "
                f"{FIRST_YEAR}–{LAST_YEAR}, reprise telle quelle ; vérifiez-la",
            )
        return day

    def read_amount(self, source: str, column: str, value: Any) -> tuple[bool, float | None]:
        """(read, amount) of an amount cell; an amount that cannot be read for certain is
        noted and left out (read is False), never scaled by a guess."""
        try:
            return True, parse_amount(value)
        except ValueError as exc:
            self.report.note(source, f"{column} {exc}, non repris")
            return False, None

    def total_budget(self, source: str, value: Any) -> list[dict[str, Any]] | None:
        """A spreadsheet's single "budget" amount as a budget line, or None. Spreadsheets
        do not say investment or operation: investment is the usual meaning of the budget
        of a fiche, and the report says so (as it says when the amount cannot be read)."""
        _, total = self.read_amount(source, "budget", value)
        if total is None:
            return None
        self.report.note(source, "budget total repris en investissement, sans année")
        return [{"type": "investissement", "prevu": total}]


# ------------------------------------------------------------------------------ writing


def config_text(name: str) -> str:
    return (
        "# Registre créé par « pcaet import » ; relisez-le puis lancez « pcaet lint ».\n\n"
        "[registre]\n"
        f"nom = {json.dumps(name, ensure_ascii=False)}\n"
    )


def project_layout(result: ImportResult) -> dict[str, str]:
    """Every file of the imported project, as `pcaet init` lays one out: the register in
    `register/` (its pcaet.toml and files), the schemas its files cite, pre-commit and CI
    configurations."""
    register = {"pcaet.toml": result.config or config_text(result.name), **result.files}
    files = {f"{REGISTER_FOLDER}/{rel}": text for rel, text in register.items()}
    files.update(project_files())
    return files


def write_result(result: ImportResult, into: Path, force: bool) -> list[Path]:
    """Write the project under `into`. Refuses before writing anything when a file exists
    and `force` is not given, so a refused import leaves the disk as it was."""
    files = project_layout(result)
    if into.exists() or into.is_symlink():
        targets = [inside(into, rel) for rel in files]
    else:
        # Nothing exists there yet, so no link can lead elsewhere.
        base = into.resolve()
        targets = [inside_new(base, rel) for rel in files]
    if not force:
        existing = [path for path in targets if path.exists() or path.is_symlink()]
        if existing:
            more = f" (et {plural(len(existing) - 1, 'autre')})" if len(existing) > 1 else ""
            raise PcaetError(
                f"{existing[0]} existe déjà{more} : rien n'a été écrit ; ajoutez "
                "--force pour remplacer, ou choisissez un autre dossier avec --output"
            )
    write_tree(into, files)
    return targets
