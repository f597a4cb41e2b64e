"""What makes a folder a pcaet project, beside its register: the schemas the editors
read (each register file's first line cites `../../schemas/…`), pre-commit and CI
configurations, and a .gitignore. `pcaet init` and `pcaet import` write the same, so an
imported register is ready to edit and to check like a new one.

Layout, from the project's root: `register/` (pcaet.toml and the kind folders),
`schemas/`, `.pre-commit-config.yaml`, `.github/workflows/pcaet.yml`, `.gitlab-ci.yml`,
`.gitignore`.
"""

from __future__ import annotations

from pcaet_cli import __version__
from pcaet_cli.fsutil import TEMP_SUFFIX

REGISTER_FOLDER = "register"
"""The register's folder inside a project (CI and pre-commit look there)."""

HOOK_REPO = "https://github.com/pcaet/pcaet"
"""Where pre-commit and CI fetch pcaet (the same address as the SARIF output's)."""

PRE_COMMIT = f"""\
# Vérifie tout le registre à chaque commit (pre-commit install pour l'activer).
repos:
  - repo: {HOOK_REPO}
    rev: v{__version__}
    hooks:
      - id: pcaet-lint
"""

GITHUB = f"""\
# Vérifie le registre à chaque push et pull request ; les diagnostics s'affichent en
# annotations sur les fichiers modifiés. Sur une pull request, l'explication des
# changements (pcaet diff) est écrite dans le résumé du job, même quand la vérification
# échoue, puis publiée en commentaire. Le jeton d'une pull request venue d'un fork est en
# lecture seule : le commentaire est alors omis, le résumé reste.
name: pcaet
on: [push, pull_request]
permissions:
  contents: read
  pull-requests: write
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # pcaet diff a besoin de l'historique jusqu'à la branche cible
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "pcaet @ git+{HOOK_REPO}@v{__version__}"
      - run: pcaet lint register --format github
      - name: Changements du registre
        id: diff
        if: ${{{{ !cancelled() && github.event_name == 'pull_request' }}}}
        run: |
          pcaet diff "origin/${{{{ github.base_ref }}}}" HEAD -r register \\
            --format markdown > diff.md
          cat diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Commentaire sur la pull request
        if: >-
          ${{{{ !cancelled() && steps.diff.outcome == 'success'
          && !github.event.pull_request.head.repo.fork }}}}
        continue-on-error: true  # un commentaire refusé ne fait pas échouer la vérification
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: gh pr comment "${{{{ github.event.number }}}}" --body-file diff.md
"""

GITLAB = f"""\
# Vérifie le registre ; les diagnostics apparaissent dans le widget Code Quality des
# merge requests. Sur une merge request, l'explication des changements (pcaet diff) est
# publiée en commentaire : créez un jeton de projet (rôle Reporter, portée « api ») et
# déclarez-le dans la variable masquée PCAET_TOKEN.

# Un seul pipeline par changement : celui de la merge request quand elle existe, sinon
# celui de la branche (sans ces règles, un push sur une branche ouverte en merge request
# lancerait deux pipelines).
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH

pcaet-lint:
  image: python:3.11
  script:
    - pip install "pcaet @ git+{HOOK_REPO}@v{__version__}"
    - pcaet lint register --format gitlab --output gl-code-quality.json
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality.json

pcaet-diff:
  image: python:3.11
  rules:
    - if: $CI_MERGE_REQUEST_IID && $PCAET_TOKEN
  variables:
    GIT_DEPTH: "0"  # pcaet diff a besoin de l'historique jusqu'à la branche cible
  script:
    - pip install "pcaet @ git+{HOOK_REPO}@v{__version__}"
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - >-
      pcaet diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD -r register
      --format markdown > diff.md
    - >-
      python -c "import json,sys; print(json.dumps({{'body': open('diff.md').read()}}))" |
      curl --fail --silent --show-error --request POST
      --header "PRIVATE-TOKEN: $PCAET_TOKEN" --header "Content-Type: application/json"
      --data @- "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"

# Publie le site du plan avec GitLab Pages à chaque changement de la branche principale,
# dans sa version sans données personnelles (--public). Retirez ce job pour ne rien
# publier.
pages:
  image: python:3.11
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - pip install "pcaet @ git+{HOOK_REPO}@v{__version__}"
    - pcaet site -r register --public --output public
  artifacts:
    paths:
      - public
"""


GITIGNORE = f"""\
# Fichiers temporaires d'une écriture de pcaet interrompue (la suivante les supprime),
# le site généré et les rapports d'intégration continue.
*{TEMP_SUFFIX}
public/
gl-code-quality.json
"""


def project_files() -> dict[str, str]:
    """Every file of a project but its register: path relative to the project's root
    (POSIX) → text."""
    from pcaet_cli.model.schema import build_schemas

    files = {f"schemas/{name}": text for name, text in build_schemas().items()}
    files[".pre-commit-config.yaml"] = PRE_COMMIT
    files[".github/workflows/pcaet.yml"] = GITHUB
    files[".gitlab-ci.yml"] = GITLAB
    files[".gitignore"] = GITIGNORE
    return files
