"""What every importer shares: identifiers, value parsing, actors, the report, writing.

An importer builds an `ImportResult` (files as text + report) without touching the disk;
`write_result` then writes it, so `--dry-run` and the refusal to overwrite are decided in
one place and before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import check_name, inside
from pcaet_cli.io.yamlwrite import register_file
from pcaet_cli.model.vocab import VARIANTS, Priorite, Statut, TypeActeur
from pcaet_cli.textmatch import closest, fold, slug

# --------------------------------------------------------------------------- identifiers

MAX_ID_LEN = 50
"""Identifiers made from titles are cut on a word there: short file names, read whole."""


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


# ------------------------------------------------------------------------------- values


def clean(value: Any) -> str:
    """A cell as text: None, NaN and blanks become ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN from pandas
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def split_list(text: str, separators: str = ",;\n") -> list[str]:
    """A comma list, where commas inside parentheses or quotes do not split:
    `ADEME, Région (Fonds A, B), "X, Y"` → ADEME · Région (Fonds A, B) · X, Y."""
    items: list[str] = []
    depth, quote, current = 0, "", []
    for char in text:
        if quote:
            if char == quote or (quote == "«" and char == "»"):
                quote = ""
            else:
                current.append(char)
            continue
        if char in '"«':
            quote = char
        elif char in "([{":
            depth += 1
            current.append(char)
        elif char in ")]}":
            depth = max(0, depth - 1)
            current.append(char)
        elif char in separators and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [" ".join(i.split()) for i in items if i.strip()]


_FR_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SPREADSHEET_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    """JJ/MM/AAAA, AAAA-MM-JJ, a spreadsheet date or a spreadsheet serial number.
    Raises ValueError for anything else, so the caller can report it."""
    if value is None or clean(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell read without its format: days since 1899-12-30 (Excel, LibreOffice).
        try:
            return _SPREADSHEET_EPOCH + timedelta(days=int(value))
        except OverflowError:  # past year 9999, or infinite
            raise ValueError(f"{value} : numéro de jour hors du calendrier") from None
    text = clean(value)
    match = _FR_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    head = text[:10]
    return date.fromisoformat(head)


def parse_amount(value: Any) -> float | None:
    """An amount in € HT: `12000`, `12 000`, `12 000 €`, `1 234,50`. ValueError otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if value != value else float(value)
    text = re.sub(r"[\s\u00a0\u202f€]|HT", "", clean(value))
    if not text:
        return None
    return float(text.replace(",", "."))


def parse_bool(value: Any) -> bool | None:
    """VRAI/FAUX, oui/non, TRUE/FALSE, 1/0."""
    if isinstance(value, bool):
        return value
    text = fold(clean(value))
    if text in {"vrai", "oui", "true", "1", "x", "o"}:
        return True
    if text in {"faux", "non", "false", "0", "n"}:
        return False
    return None


PERSONAL = re.compile(r"mail|courriel|telephone|contact")
"""Words of a (folded) column header whose cells are personal data: not taken unless
asked for (--avec-contacts)."""

_AXIS = re.compile(r"^\s*(?:axe\s*)?(\d+(?:\.\d+)*)\.?\s*[-:–.)]?\s*(.*)$", re.IGNORECASE)


def parse_axis(text: str, fallback_code: str) -> tuple[str, str]:
    """(code, title) of an axis cell: « 1.2. Vélo » → 1.2, Vélo; « Axe 3 » → 3, Axe 3; a
    cell without a number takes `fallback_code`."""
    match = _AXIS.match(text)
    if match and match.group(2).strip():
        return match.group(1), match.group(2).strip()
    if match:
        return match.group(1), f"Axe {match.group(1)}"
    return fallback_code, text


# Everyday words for the priority levels, which no spelling distance would find.
_SYNONYMES: dict[type[StrEnum], dict[str, str]] = {
    Priorite: {
        "faible": Priorite.BAS,
        "basse": Priorite.BAS,
        "haute": Priorite.ELEVE,
        "haut": Priorite.ELEVE,
        "forte": Priorite.ELEVE,
        "elevee": Priorite.ELEVE,
        "prioritaire": Priorite.ELEVE,
        "moyenne": Priorite.MOYEN,
        "normale": Priorite.MOYEN,
    },
    Statut: {
        "termine": Statut.REALISE,
        "terminee": Statut.REALISE,
        "fait": Statut.REALISE,
        "a faire": Statut.A_VENIR,
        "pas commence": Statut.A_VENIR,
        "non commence": Statut.A_VENIR,
    },
}


def match_vocab(value: str, vocab: type[StrEnum]) -> tuple[str | None, bool]:
    """(canonical label or None, whether the match was approximate). Exact labels and the
    known variants of VARIANTS are exact; case, accents and typos are approximate."""
    text = " ".join(value.split())
    labels = [str(v.value) for v in vocab]
    if text in labels:
        return text, False
    variants = VARIANTS.get(vocab, {})
    if value in variants or text in variants:
        return str(variants.get(value) or variants[text]), False
    synonym = _SYNONYMES.get(vocab, {}).get(fold(text))
    if synonym is not None:
        return str(synonym), True
    found = closest(text, labels + list(variants))
    if found is None:
        return None, False
    return str(variants.get(found, found)), True


# ------------------------------------------------------------------------------- report


class RowStatus(StrEnum):
    """What became of one row (or element) of the source. The values are the words the
    text and JSON reports show (`statut`).

    Not a lint `Severity`: a status says what the import did with a row, a severity how
    serious a finding is. Only `NOTE` means what one of them means (see there); a file the
    import refuses is no status but a `PcaetError`, and nothing is written.
    """

    CREATED = "créée"
    """A file of the register was made from the row."""
    MERGED = "fusionnée"
    """The row was found to be one already taken, and was merged into it."""
    IGNORED = "ignorée"
    """Nothing of the row was taken: blank, instructions of a template, no title."""
    NOTE = "note"
    """The row was taken, with one value left out or one assumption made, which the detail
    says. What `Severity.INFO` means for a diagnostic: worth reading, nothing to fix for
    the register to be valid."""


@dataclass(slots=True)
class ReportLine:
    source: str
    """Where the row comes from: « ligne 7 », « démarche 1234 / action 3 »."""
    status: RowStatus
    detail: str


@dataclass(slots=True)
class ImportReport:
    fmt: str
    inputs: list[str] = field(default_factory=list)
    lines: list[ReportLine] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, source: str, status: RowStatus, detail: str) -> None:
        self.lines.append(ReportLine(source, status, detail))

    def approx(self, source: str, column: str, raw: str, became: str) -> None:
        self.approximations.append(f"{source}, {column} : « {raw} » → « {became} »")

    def count(self, status: RowStatus) -> int:
        return sum(1 for line in self.lines if line.status == status)

    def to_text(self, files: dict[str, str], max_lines: int | None = None) -> str:
        out = [f"Import {self.fmt} : {', '.join(self.inputs)}"]
        counts = dict.fromkeys(("territoires", "acteurs", "plans", "actions"), 0)
        for rel in files:
            folder = rel.split("/", 1)[0]
            if folder in counts:
                counts[folder] += 1
        out.append(
            "Fichiers : "
            + ", ".join(f"{n} {folder}" for folder, n in counts.items())
            + f" ; lignes : {self.count(RowStatus.CREATED)} créée(s), "
            f"{self.count(RowStatus.MERGED)} fusionnée(s), "
            f"{self.count(RowStatus.IGNORED)} ignorée(s)"
        )
        shown = self.lines if max_lines is None else self.lines[:max_lines]
        if shown:
            out.append("")
            out.append("Lignes :")
            out.extend(f"  {line.source} : {line.status} — {line.detail}" for line in shown)
            if len(shown) < len(self.lines):
                out.append(f"  … et {len(self.lines) - len(shown)} autre(s) ligne(s)")
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
            "fichiers": sorted(files),
            "lignes": [
                {"source": line.source, "statut": line.status, "detail": line.detail}
                for line in self.lines
            ],
            "correspondances_approchees": self.approximations,
            "fusions": self.merges,
            "remarques": self.notes,
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class ImportResult:
    report: ImportReport
    files: dict[str, str] = field(default_factory=dict)
    """Path relative to the register root → text. Insertion order is the writing order."""
    name: str = "Registre importé"

    def add_entity(
        self, folder: str, ident: str, data: dict[str, Any], comment: str | None = None
    ) -> None:
        check_name(ident, f"identifiant à créer dans {folder}/")
        self.files[f"{folder}/{ident}.yaml"] = register_file(folder, data, comment)


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
            self.report.add(source, RowStatus.NOTE, f"{column} « {raw} » non reconnu, {kept}")
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
            label, approximate = match_vocab(raw, vocab)
            if label is None:
                self.report.add(
                    source, RowStatus.NOTE, f"{column} « {raw} » non reconnu, non repris"
                )
            elif label not in labels:
                labels.append(label)
                if approximate:
                    self.report.approx(source, column, raw, label)
        return labels

    def total_budget(self, source: str, value: Any) -> list[dict[str, Any]] | None:
        """A spreadsheet's single "budget" amount as a budget line, or None. Spreadsheets
        do not say investment or operation: investment is the usual meaning of the budget
        of a fiche, and the report says so (as it says when the amount cannot be read)."""
        try:
            total = parse_amount(value)
        except ValueError:
            self.report.add(source, RowStatus.NOTE, f"budget « {clean(value)} » illisible")
            return None
        if total is None:
            return None
        self.report.add(source, RowStatus.NOTE, "budget total repris en investissement, sans année")
        return [{"type": "investissement", "prevu": total}]


# ------------------------------------------------------------------------------ writing


def config_text(name: str) -> str:
    return (
        "# Registre créé par « pcaet import » ; relisez-le puis lancez « pcaet lint ».\n\n"
        "[registre]\n"
        f"nom = {json.dumps(name, ensure_ascii=False)}\n"
    )


def write_result(result: ImportResult, into: Path, force: bool) -> list[Path]:
    """Write pcaet.toml and every file under `into`. Refuses before writing anything when
    a file exists and `force` is not given, so a refused import leaves the disk as it was."""
    from pcaet_cli.fsutil import atomic_write

    targets = {
        inside(into, rel): text
        for rel, text in {"pcaet.toml": config_text(result.name), **result.files}.items()
    }
    if not force:
        existing = [path for path in targets if path.exists() or path.is_symlink()]
        if existing:
            more = f" (et {len(existing) - 1} autre(s))" if len(existing) > 1 else ""
            raise PcaetError(
                f"{existing[0]} existe déjà{more} : rien n'a été écrit ; ajoutez "
                "--force pour remplacer, ou choisissez un autre dossier avec --into"
            )
    for path, text in targets.items():
        atomic_write(path, text)
    return list(targets)
