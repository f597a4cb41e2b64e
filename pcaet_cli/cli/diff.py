"""`pcaet diff`: what a change does to the register and to the plan, for a review."""

from __future__ import annotations

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
    from pcaet_cli.review.diff import DiffResult

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
    from pcaet_cli.register.config import load_config
    from pcaet_cli.register.discovery import find_root
    from pcaet_cli.render.review import to_json, to_markdown, to_text
    from pcaet_cli.review.diff import compare
    from pcaet_cli.review.snapshot import Parsed, at_revision, in_worktree

    check_output(output, force, register)
    today = parse_date(reference_date) or date.today()
    root = find_root(register)
    exclude = tuple(load_config(root).lint.exclude)
    repo = GitRepo(root)
    folder = repo.relative(root)
    commit_a = repo.merge_base(repo.default_branch()) if rev_a is None else repo.resolve(rev_a)
    commit_b = None if rev_b is None else repo.resolve(rev_b)
    cache: Parsed = {}
    before = at_revision(repo, commit_a, folder, exclude, cache)
    if commit_b is None:
        after = in_worktree(repo, root, exclude, cache)
    else:
        after = at_revision(repo, commit_b, folder, exclude, cache)
    result = compare(before, after, today)
    result.commits = repo.commits(commit_a, commit_b or "HEAD")
    _check_both_sides(result, repo, (commit_a, commit_b), root, today)

    if output_format == "text":
        write_rich(lambda console: to_text(result, console), output, "différences écrites dans")
    else:
        data = to_markdown(result) if output_format == "markdown" else to_json(result)
        write_output(output, data, "différences écrites dans")
    if exit_code and result.has_differences:
        raise typer.Exit(1)


def _check_both_sides(
    result: DiffResult,
    repo: GitRepo,
    commits: tuple[str, str | None],
    root: Path,
    today: date,
) -> None:
    """The errors the change brings, from `pcaet lint` on both sides; a side that
    cannot be checked (its pcaet.toml is invalid) is said, not fatal to the diff."""
    from pcaet_cli.errors import PcaetError
    from pcaet_cli.lint.changed import introduced_errors
    from pcaet_cli.lint.engine import LintRequest

    try:
        result.new_errors = introduced_errors(
            repo,
            (commits[0], result.folder_before),
            (commits[1], result.folder_after),
            root,
            LintRequest(path=root, today=today),
            moved=result.moved,
        )
    except PcaetError as exc:
        result.lint_failure = str(exc)
