"""The CI files `pcaet init` and `pcaet import` write, parsed as GitLab and GitHub read
them: one GitLab pipeline per change, and a GitHub job that still reports on a pull
request from a fork (whose token cannot comment)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from ruamel.yaml import YAML

from pcaet_cli.register.scaffold import GITHUB, GITLAB, project_files


def load(text: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def gitlab_condition(expression: str, variables: dict[str, str]) -> bool:
    """The subset of GitLab's `rules:if` the file uses: `$VAR`, `$VAR == "text"`,
    `$VAR == $OTHER`, joined by `&&`."""

    def value(term: str) -> str:
        term = term.strip()
        if term.startswith("$"):
            return variables.get(term[1:], "")
        assert term.startswith('"') and term.endswith('"'), term
        return term[1:-1]

    outcome = True
    for clause in expression.split("&&"):
        assert "||" not in clause and "=~" not in clause, clause
        if "==" in clause:
            left, right = clause.split("==")
            outcome = outcome and value(left) == value(right)
        else:
            outcome = outcome and value(clause) != ""
    return outcome


def gitlab_runs(rules: list[dict[str, Any]], variables: dict[str, str]) -> bool:
    """Whether a rules list lets the pipeline (or job) run: the first rule whose `if`
    holds decides; none holding means no."""
    for rule in rules:
        if gitlab_condition(rule["if"], variables):
            return bool(rule.get("when", "on_success") != "never")
    return False


PUSH_WITH_OPEN_MR = {
    "CI_PIPELINE_SOURCE": "push",
    "CI_COMMIT_BRANCH": "velo",
    "CI_DEFAULT_BRANCH": "main",
    "CI_OPEN_MERGE_REQUESTS": "groupe/plan!12",
}
MERGE_REQUEST = {
    "CI_PIPELINE_SOURCE": "merge_request_event",
    "CI_DEFAULT_BRANCH": "main",
    "CI_MERGE_REQUEST_IID": "12",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
}
PUSH_TO_MAIN = {
    "CI_PIPELINE_SOURCE": "push",
    "CI_COMMIT_BRANCH": "main",
    "CI_DEFAULT_BRANCH": "main",
}
PUSH_WITHOUT_MR = {**PUSH_TO_MAIN, "CI_COMMIT_BRANCH": "essai"}


def gitlab_jobs(variables: dict[str, str]) -> list[str]:
    """The jobs of the pipeline GitLab would create for `variables` (none: no pipeline)."""
    ci = load(GITLAB)
    if not gitlab_runs(ci["workflow"]["rules"], variables):
        return []
    jobs = {name: job for name, job in ci.items() if name != "workflow"}
    return sorted(
        name
        for name, job in jobs.items()
        if "rules" not in job or gitlab_runs(job["rules"], variables)
    )


def test_gitlab_runs_one_pipeline_per_change() -> None:
    # A push to a branch with an open merge request: only the merge request pipeline.
    assert gitlab_jobs(PUSH_WITH_OPEN_MR) == []
    assert gitlab_jobs(MERGE_REQUEST) == ["pcaet-lint"]
    with_token = {**MERGE_REQUEST, "PCAET_TOKEN": "glpat-x"}
    assert gitlab_jobs(with_token) == ["pcaet-diff", "pcaet-lint"]
    assert gitlab_jobs(PUSH_TO_MAIN) == ["pages", "pcaet-lint"]
    assert gitlab_jobs(PUSH_WITHOUT_MR) == ["pcaet-lint"]
    assert gitlab_jobs({"CI_PIPELINE_SOURCE": "schedule"}) == []


def test_gitlab_workflow_rules_are_gitlabs_documented_ones() -> None:
    rules = load(GITLAB)["workflow"]["rules"]
    assert rules == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'},
        {"if": "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when": "never"},
        {"if": "$CI_COMMIT_BRANCH"},
    ]


def test_gitlab_code_quality_report() -> None:
    job = load(GITLAB)["pcaet-lint"]
    assert job["script"][-1].endswith("--format gitlab --output gl-code-quality.json")
    assert job["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality.json"},
    }


def github_steps() -> dict[str, dict[str, Any]]:
    workflow = load(GITHUB)
    steps = workflow["jobs"]["lint"]["steps"]
    return {step.get("name") or step.get("run") or step["uses"]: step for step in steps}


def github_condition(expression: str, context: dict[str, Any]) -> bool:
    """The subset of GitHub's expressions the workflow uses: `!cancelled()`, `a == 'b'`,
    `!a.b.c` and `a.b == 'c'` joined by `&&` inside `${{ }}`."""
    inner = re.fullmatch(r"\$\{\{(.*)\}\}", " ".join(expression.split()))
    assert inner, expression
    outcome = True
    for clause in inner[1].split("&&"):
        clause = clause.strip()
        if clause == "!cancelled()":
            outcome = outcome and not context["cancelled"]
        elif "==" in clause:
            left, right = (part.strip() for part in clause.split("=="))
            outcome = outcome and context[left] == right.strip("'")
        else:
            assert clause.startswith("!"), clause
            outcome = outcome and not context[clause[1:]]
    return outcome


@pytest.mark.parametrize(
    ("event", "fork", "diff_runs", "comment_runs"),
    [
        ("pull_request", False, True, True),
        ("pull_request", True, True, False),
        ("push", False, False, False),
    ],
)
def test_github_reports_on_pull_requests_from_forks(
    event: str, fork: bool, diff_runs: bool, comment_runs: bool
) -> None:
    steps = github_steps()
    diff = steps["Changements du registre"]
    comment = steps["Commentaire sur la pull request"]
    context: dict[str, Any] = {
        "cancelled": False,
        "github.event_name": event,
        "github.event.pull_request.head.repo.fork": fork,
        "steps.diff.outcome": "success" if diff_runs else "skipped",
    }
    # The lint step fails when it finds errors: the diff still runs (not `success()`).
    assert github_condition(diff["if"], context) is diff_runs
    assert github_condition(comment["if"], context) is comment_runs
    assert not github_condition(diff["if"], {**context, "cancelled": True})


def test_github_summary_needs_no_token_and_the_comment_cannot_fail_the_job() -> None:
    steps = github_steps()
    diff = steps["Changements du registre"]
    comment = steps["Commentaire sur la pull request"]
    assert diff["id"] == "diff"
    assert "env" not in diff and "gh " not in diff["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert "--format markdown > diff.md" in " ".join(diff["run"].split())
    assert comment["continue-on-error"] is True
    assert comment["env"] == {"GH_TOKEN": "${{ github.token }}"}
    assert comment["run"].startswith("gh pr comment ")
    assert "continue-on-error" not in steps["pcaet lint register --format github"]
    workflow = load(GITHUB)
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_project_files_hold_both() -> None:
    files = project_files()
    assert files[".gitlab-ci.yml"] == GITLAB
    assert files[".github/workflows/pcaet.yml"] == GITHUB
