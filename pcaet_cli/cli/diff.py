"""`pcaet diff`: what a change does to the register and to the plan, for a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from pcaet_cli.cli.common import (
    DateOption,
    ForceOption,
    OutputOption,
    RegisterOption,
    check_output,
    handles_errors,
    parse_date,
    write_output,
    write_rich,
)

if TYPE_CHECKING:
    from pcaet_cli.git import GitRepo
    from pcaet_cli.lint.engine import LintRun
    from pcaet_cli.review.snapshot import Snapshot

Format = Literal["text", "markdown", "json"]


@handles_errors
def diff(
    rev_a: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_A",
            help="Révision de départ (défaut : le point de départ de la branche, "
            "merge-base avec la branche par défaut).",
            show_default=False,
        ),
    ] = None,
    rev_b: Annotated[
        str | None,
        typer.Argument(
            metavar="REV_B",
            help="Révision d'arrivée (défaut : la copie de travail).",
            show_default=False,
        ),
    ] = None,
    register: RegisterOption = Path(),
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Format de sortie.")
    ] = "text",
    output: OutputOption = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Termine avec le code 1 s'il y a des différences."),
    ] = False,
    reference_date: DateOption = None,
    force: ForceOption = False,
) -> None:
    """Montre ce qu'un changement modifie dans le registre et dans les chiffres du plan.

    Nomme les commits et les auteurs du changement, et finit par les erreurs de
    « pcaet lint » qu'il introduit (une référence cassée par une suppression).
    """
    from pcaet_cli.git import GitRepo
    from pcaet_cli.lint.changed import introduced_errors
    from pcaet_cli.register.config import load_config
    from pcaet_cli.register.discovery import find_root
    from pcaet_cli.render.review import to_json, to_markdown, to_text
    from pcaet_cli.review.diff import compare

    check_output(output, force, register)
    today = parse_date(reference_date) or date.today()
    root = find_root(register)
    exclude = tuple(load_config(root).lint.exclude)
    repo = GitRepo(root)
    commit_a = repo.merge_base(repo.default_branch()) if rev_a is None else repo.resolve(rev_a)
    commit_b = None if rev_b is None else repo.resolve(rev_b)
    sides = _read_sides(repo, (commit_a, commit_b), root, exclude, today)
    result = compare(sides.before, sides.after, today)
    result.commits = repo.commits(commit_a, commit_b or "HEAD")
    if sides.runs is None:
        result.lint_failure = sides.failure
    elif sides.runs[1] is not None:
        result.new_errors = introduced_errors(
            sides.runs[0],
            sides.runs[1],
            (result.folder_before, result.folder_after),
            moved=result.moved,
        )

    if output_format == "text":
        write_rich(lambda console: to_text(result, console), output, "différences écrites dans")
    else:
        data = to_markdown(result) if output_format == "markdown" else to_json(result)
        write_output(output, data, "différences écrites dans")
    if exit_code and result.has_differences:
        raise typer.Exit(1)


@dataclass(slots=True)
class _Sides:
    before: Snapshot
    after: Snapshot
    runs: tuple[LintRun | None, LintRun | None] | None
    """`pcaet lint`'s run on each side (None: no register there); None when a side
    could not be checked."""
    failure: str | None = None
    """Why a side could not be checked (its pcaet.toml is invalid)."""


def _read_sides(
    repo: GitRepo,
    commits: tuple[str, str | None],
    root: Path,
    exclude: tuple[str, ...],
    today: date,
) -> _Sides:
    """The register before and after the change, from `pcaet lint`'s runs on both
    sides: they hold every document the comparison needs, and the errors the change
    brings are the difference of their findings. When lint cannot check a side, the
    diff is still made, from both sides read in git, and says why it has no errors."""
    from pcaet_cli.errors import PcaetError
    from pcaet_cli.lint.changed import lint_both_sides
    from pcaet_cli.lint.engine import LintRequest
    from pcaet_cli.review.snapshot import (
        WORKTREE,
        Parsed,
        Snapshot,
        at_revision,
        from_lint,
        in_worktree,
        register_folder,
    )

    folder = repo.relative(root)
    folders = (
        register_folder(repo, commits[0], folder),
        folder if commits[1] is None else register_folder(repo, commits[1], folder),
    )
    labels = (repo.short(commits[0]), WORKTREE if commits[1] is None else repo.short(commits[1]))
    try:
        runs = lint_both_sides(
            repo,
            (commits[0], folders[0]),
            (commits[1], folders[1]),
            root,
            LintRequest(path=root, today=today),
        )
    except PcaetError as exc:
        parsed: Parsed = {}
        sides = [
            Snapshot(label, folder)
            if where is None
            else (
                in_worktree(repo, root, exclude, parsed)
                if commit is None
                else at_revision(repo, commit, where, exclude, parsed)
            )
            for label, commit, where in zip(labels, commits, folders, strict=True)
        ]
        return _Sides(sides[0], sides[1], None, str(exc))
    sides = [
        Snapshot(label, folder)
        if run is None or where is None
        else from_lint(label, where, run.loaded, run.index)
        for label, where, run in zip(labels, folders, runs, strict=True)
    ]
    return _Sides(sides[0], sides[1], runs)
