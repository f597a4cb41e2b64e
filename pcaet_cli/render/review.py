"""`pcaet diff` and `pcaet history` as text for a terminal, Markdown for a merge-request
comment, and JSON for other tools. Every format says the same things."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from pcaet_cli.diagnostic import Diagnostic
from pcaet_cli.git import Commit
from pcaet_cli.render.diagnostics.github import code_span
from pcaet_cli.render.markup import literal
from pcaet_cli.review.diff import KIND_NAMES, DiffResult
from pcaet_cli.review.history import History
from pcaet_cli.textsafe import json_text, visible

OF_KIND = {
    "actions": "de l'action",
    "acteurs": "de l'acteur",
    "plans": "du plan",
    "territoires": "du territoire",
}
SIDE = {
    "avant": "illisible avant le changement",
    "après": "illisible après le changement",
    "les deux": "illisible des deux côtés",
}


COMMITS_SHOWN = 20
"""Commits listed by name; a longer range is counted."""


def _agreed(kind: str, participle: str) -> str:
    """`participle` agreed with the kind's noun: une action ajoutée, un acteur ajouté."""
    return participle + "e" if kind == "actions" else participle


def _head(result: DiffResult) -> str:
    return f"{result.before} → {result.after}"


def _title(title: str | None) -> str:
    return f" « {title} »" if title else ""


def _counts(result: DiffResult) -> str:
    parts = []
    for items, one, many in (
        (result.added, "ajoutée", "ajoutées"),
        (result.removed, "supprimée", "supprimées"),
        (result.renamed, "renommée", "renommées"),
        (result.changed, "modifiée", "modifiées"),
        (result.unreadable, "illisible", "illisibles"),
    ):
        if items:
            parts.append(f"{len(items)} {one if len(items) == 1 else many}")
    return "entités : " + ", ".join(parts) if parts else "aucune différence dans le registre"


def _lines(result: DiffResult) -> list[tuple[str, str, list[str]]]:
    """(marker, headline, details) for every entity, in a stable order."""
    lines: list[tuple[str, str, list[str]]] = []
    for ref in result.added:
        what = f"{KIND_NAMES[ref.kind]} {ref.id}{_title(ref.title)}"
        lines.append(("+", f"{what} {_agreed(ref.kind, 'ajouté')}", []))
    for ref in result.removed:
        what = f"{KIND_NAMES[ref.kind]} {ref.id}{_title(ref.title)}"
        lines.append(("−", f"{what} {_agreed(ref.kind, 'supprimé')}", []))
    for ren in result.renamed:
        renamed = _agreed(ren.kind, "renommé")
        lines.append(("→", f"{KIND_NAMES[ren.kind]} {ren.old_id} {renamed} en {ren.new_id}", []))
    for ch in result.changed:
        details = [c.summary for c in ch.changes]
        if ch.old_path:
            details.append(f"fichier déplacé : {ch.old_path} → {ch.path}")
        lines.append(("~", f"{KIND_NAMES[ch.kind]} {ch.id}{_title(ch.title)}", details))
    for bad in result.unreadable:
        lines.append(("!", f"{KIND_NAMES[bad.kind]} {bad.id} : {SIDE[bad.side]} ({bad.path})", []))
    return lines


def _effects(result: DiffResult) -> list[str]:
    out = [f"{f.label} : {f.before} → {f.after}" for f in result.figures]
    for cov in result.coverage:
        for gap in cov.opened:
            out.append(f"{cov.plan} : lacune ouverte, {gap} sans action")
        for gap in cov.closed:
            out.append(f"{cov.plan} : lacune comblée, {gap} désormais couvert")
    return out


def _folders(result: DiffResult) -> str | None:
    if result.folder_before == result.folder_after:
        return None
    return f"registre déplacé : {result.folder_before or '.'}/ → {result.folder_after or '.'}/"


def _commit_line(commit: Commit) -> str:
    return f"{commit.short} {commit.date[:10]} {commit.author} — {commit.subject}"


def _authors(result: DiffResult) -> str:
    """`2 commits, de Claire Martineau (1) et Karim (1)`."""
    count = len(result.commits)
    commits = f"{count} commit{'s' if count > 1 else ''}"
    names = [f"{name} ({n})" for name, n in result.authors]
    if not names:
        return "aucun commit"
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    return f"{commits}, de {who}"


def _more_commits(result: DiffResult) -> str | None:
    rest = len(result.commits) - COMMITS_SHOWN
    if rest <= 0:
        return None
    s = "s" if rest > 1 else ""
    return f"… et {rest} commit{s} plus ancien{s}"


def _shown_commits(result: DiffResult) -> list[Commit]:
    """The most recent commits of the range, newest last."""
    return result.commits[-COMMITS_SHOWN:]


def _message(d: Diagnostic) -> str:
    return " ".join(part.strip() for part in d.message.splitlines() if part.strip())


def _error_line(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column} {d.code} {_message(d)}"


def _errors_verdict(result: DiffResult) -> str | None:
    """What to say when no introduced error is listed."""
    if result.lint_failure is not None:
        return f"Vérification impossible par « pcaet lint » : {result.lint_failure}"
    if not result.new_errors:
        return "Aucune erreur introduite par le changement."
    return None


def _errors_title(result: DiffResult) -> str:
    count = len(result.new_errors)
    s = "s" if count > 1 else ""
    return f"{count} erreur{s} introduite{s} par le changement"


def to_text(result: DiffResult, console: Console) -> None:
    console.print(f"[bold]Changements du registre[/] ({literal(_head(result))})")
    if result.commits:
        console.print(literal(f"Commits : {_authors(result)}"))
        if more := _more_commits(result):
            console.print(f"  {literal(more)}")
        for commit in _shown_commits(result):
            console.print(f"  [cyan]{literal(_commit_line(commit))}[/]")
    if moved := _folders(result):
        console.print(literal(moved))
    console.print(literal(_counts(result)))
    styles = {"+": "green", "−": "red", "→": "cyan", "~": "yellow", "!": "magenta"}
    for marker, headline, details in _lines(result):
        console.print(f"[{styles[marker]}]{literal(marker)}[/] {literal(headline)}")
        for detail in details:
            console.print(f"    {literal(detail)}")
    effects = _effects(result)
    if effects:
        console.print()
        console.print("[bold]Effet sur le plan[/]")
        for effect in effects:
            console.print(f"  {literal(effect)}")
    elif result.has_differences:
        console.print()
        console.print("Chiffres clés inchangés.")
    console.print()
    if verdict := _errors_verdict(result):
        console.print(literal(verdict))
    else:
        console.print(f"[bold red]{literal(_errors_title(result))}[/]")
        for d in result.new_errors:
            console.print(f"  {literal(_error_line(d))}")


def _md(text: str) -> str:
    # Identifiers and labels must not turn into Markdown (`*`, `_`, `|`, `<`…), and the
    # backslashes of written-out control characters are escaped with the rest.
    text = visible(text)
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(result: DiffResult) -> str:
    out = [f"### Changements du registre ({_md(_head(result))})", ""]
    if result.commits:
        out += [f"{_md(_authors(result))} :", ""]
        if more := _more_commits(result):
            out.append(f"- {_md(more)}")
        out += [
            f"- {code_span(visible(c.short))} {_md(c.date[:10])} {_md(c.author)} — {_md(c.subject)}"
            for c in _shown_commits(result)
        ]
        out.append("")
    if moved := _folders(result):
        out += [_md(moved), ""]
    out += [f"**{_md(_counts(result))}**", ""]
    icons = {"+": "➕", "−": "➖", "→": "🔀", "~": "✏️", "!": "⚠️"}
    for marker, headline, details in _lines(result):
        out.append(f"- {icons[marker]} {_md(headline)}")
        out += [f"  - {_md(d)}" for d in details]
    effects = _effects(result)
    if result.figures:
        out += ["", "#### Effet sur le plan", "", "| Chiffre | Avant | Après |", "|---|---:|---:|"]
        out += [f"| {_md(f.label)} | {_md(f.before)} | {_md(f.after)} |" for f in result.figures]
    coverage = effects[len(result.figures) :]
    if coverage:
        out += ["", "#### Couverture des PCAET", ""]
        out += [f"- {_md(line)}" for line in coverage]
    if not effects and result.has_differences:
        out += ["", "Chiffres clés inchangés."]
    if verdict := _errors_verdict(result):
        out += ["", "#### Erreurs introduites par le changement", "", _md(verdict)]
    else:
        out += ["", f"#### {_md(_errors_title(result))}", ""]
        out += [
            f"- {code_span(visible(f'{d.path}:{d.line}:{d.column}'))} **{_md(d.code)}** "
            f"{_md(_message(d))}"
            for d in result.new_errors
        ]
    return "\n".join(out) + "\n"


def diff_json(result: DiffResult) -> dict[str, Any]:
    return {
        "avant": {"revision": result.before, "dossier": result.folder_before},
        "apres": {"revision": result.after, "dossier": result.folder_after},
        "differences": result.has_differences,
        "ajoutees": [
            {"type": KIND_NAMES[r.kind], "id": r.id, "fichier": r.path, "titre": r.title}
            for r in result.added
        ],
        "supprimees": [
            {"type": KIND_NAMES[r.kind], "id": r.id, "fichier": r.path, "titre": r.title}
            for r in result.removed
        ],
        "renommees": [
            {
                "type": KIND_NAMES[r.kind],
                "ancien_id": r.old_id,
                "nouvel_id": r.new_id,
                "ancien_fichier": r.old_path,
                "nouveau_fichier": r.new_path,
            }
            for r in result.renamed
        ],
        "modifiees": [
            {
                "type": KIND_NAMES[c.kind],
                "id": c.id,
                "fichier": c.path,
                "ancien_fichier": c.old_path,
                "titre": c.title,
                "changements": [
                    {
                        "champ": f.field,
                        "libelle": f.label,
                        "resume": f.summary,
                        "avant": f.before,
                        "apres": f.after,
                    }
                    for f in c.changes
                ],
            }
            for c in result.changed
        ],
        "illisibles": [
            {"type": KIND_NAMES[u.kind], "id": u.id, "fichier": u.path, "cote": u.side}
            for u in result.unreadable
        ],
        "chiffres": [
            {
                "chiffre": f.label,
                "avant": f.raw_before,
                "apres": f.raw_after,
                "avant_texte": f.before,
                "apres_texte": f.after,
            }
            for f in result.figures
        ],
        "commits": [
            {
                "commit": c.hash,
                "court": c.short,
                "date": c.date,
                "auteur": c.author,
                "message": c.subject,
            }
            for c in result.commits
        ],
        "auteurs": [{"nom": name, "commits": n} for name, n in result.authors],
        "erreurs_introduites": [
            {
                "fichier": d.path,
                "ligne": d.line,
                "colonne": d.column,
                "code": d.code,
                "message": d.message,
                "conseil": d.hint,
            }
            for d in result.new_errors
        ],
        "verification_impossible": result.lint_failure,
        "couverture": [
            {
                "plan": c.plan,
                "nom": c.nom,
                "lacunes_ouvertes": c.opened,
                "lacunes_comblees": c.closed,
            }
            for c in result.coverage
        ],
    }


def to_json(result: DiffResult) -> str:
    return json_text(diff_json(result))


# --- history ----------------------------------------------------------------------------


def _event_lines(history: History) -> list[tuple[str, list[str]]]:
    out = []
    for event in history.events:
        head = f"{event.date} {event.short} {event.author} — {event.subject}"
        out.append((head, event.lines))
    return out


def _where(history: History) -> str:
    """`register/actions/mob-02.yaml`, and the commit that deleted it if one did."""
    if history.deleted_in is None:
        return history.path
    return f"{history.path}, supprimé au commit {history.deleted_in}"


def history_text(history: History, console: Console) -> None:
    console.print(
        f"[bold]Historique {literal(OF_KIND[history.kind])} {literal(history.id)}[/]"
        f" ({literal(_where(history))})"
    )
    if history.shallow:
        console.print(
            "[magenta]Historique incomplet : clone superficiel ; récupérez tout l'historique "
            "avec « git fetch --unshallow ».[/]"
        )
    for head, lines in _event_lines(history):
        console.print(f"[cyan]{literal(head)}[/]")
        for line in lines:
            console.print(f"    {literal(line)}")
    if not history.events:
        console.print("Aucun commit ne touche ce fichier.")


def history_markdown(history: History) -> str:
    out = [f"### Historique {OF_KIND[history.kind]} {_md(history.id)}", ""]
    if history.deleted_in is not None:
        out += [f"Fichier {_md(history.path)} supprimé au commit {_md(history.deleted_in)}.", ""]
    if history.shallow:
        out += ["> Historique incomplet : clone superficiel.", ""]
    for head, lines in _event_lines(history):
        out.append(f"- **{_md(head)}**")
        out += [f"  - {_md(line)}" for line in lines]
    return "\n".join(out) + "\n"


def history_json(history: History) -> str:
    payload = {
        "type": KIND_NAMES[history.kind],
        "id": history.id,
        "fichier": history.path,
        "historique_complet": not history.shallow,
        "supprime_au_commit": history.deleted_in,
        "evenements": [
            {
                "commit": e.commit,
                "court": e.short,
                "date": e.date,
                "auteur": e.author,
                "message": e.subject,
                "fichier": e.path,
                "changements": e.lines,
            }
            for e in history.events
        ],
    }
    return json_text(payload)
