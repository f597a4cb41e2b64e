"""The command line in French, set once for every command: help without Python types,
French metavars, choices accepted in French and whatever their case, shares written as
officers write them ("60 %"), Typer's help frame and click's usage errors in French.

Typer (≥ 0.26) writes its help and its errors in English, and the click it embeds does
not go through gettext (its messages are f-strings): there is no catalogue to install.
So each parameter Typer builds for a pcaet command is given the French behaviour of
`_FrenchParameter` (its class is swapped for a subclass that only adds methods), the
usage line is written by `FrenchCommandMixin`, the module constants of `typer.rich_utils`
are set when that module is imported, and usage errors are rewritten from their parts
(usage_errors.french_error)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import PurePath
from types import MappingProxyType, ModuleType
from typing import Any

from typer.core import TyperArgument, TyperOption

from pcaet_cli.french import choice_shown, choice_value, share

USAGE = "Utilisation : "

# Typer's help and error frame (module constants of typer.rich_utils).
_RICH_TEXTS = {
    "OPTIONS_PANEL_TITLE": "Options",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "COMMANDS_PANEL_TITLE": "Commandes",
    "ERRORS_PANEL_TITLE": "Erreur",
    "DEFAULT_STRING": "[défaut : {}]",
    "ENVVAR_STRING": "[variable d'environnement : {}]",
    "REQUIRED_LONG_STRING": "[obligatoire]",
    "DEPRECATED_STRING": "(obsolète) ",
    "ABORTED_TEXT": "Interrompu.",
    "RICH_HELP": "Essayez [blue]« {command_path} {help_option} »[/] pour l'aide.",
}

# What a value is called in the help, by parameter name when its type says too little.
_NAMES = {
    "output_format": "FORMAT",
    "input_format": "FORMAT",
    "report_format": "FORMAT",
    "fail_on": "GRAVITÉ",
    "modele": "MODÈLE",
    "register": "DOSSIER",
    "csv_dialect": "DIALECTE",
    "select": "CODES",
    "ignore": "CODES",
    "view": "VUE",
    "service": "SERVICE",
    "kind": "TYPE",
    "code": "RÈGLE",
}
_TYPES = {"int": "ENTIER", "float": "NOMBRE", "str": "TEXTE", "datetime": "DATE"}
_PATHS = {"file": "FICHIER", "dir": "DOSSIER", "path": "CHEMIN"}


class _Choice:
    """A choice read in French or in English, whatever its case; refused in French."""

    def __init__(self, choices: Sequence[Any]) -> None:
        self.choices = [str(c.value if hasattr(c, "value") else c) for c in choices]
        self.originals = {str(c.value if hasattr(c, "value") else c): c for c in choices}

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if isinstance(value, list | tuple):
            return type(value)(self._one(v, param, ctx) for v in value)
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Any) -> Any:
        from pcaet_cli.cli.usage_errors import bad_parameter
        from pcaet_cli.textmatch import closest

        found = choice_value(str(value), self.choices)
        if found is None:
            shown = [choice_shown(c) for c in self.choices]
            guess = closest(str(value), shown)
            advice = f" ; vouliez-vous dire « {guess} » ?" if guess else ""
            raise bad_parameter(
                f"« {value} » n'est pas une valeur admise (valeurs : {', '.join(shown)}){advice}",
                ctx,
                param,
            )
        return self.originals[found]


class _Share:
    """A share: "60 %", "60%", "60", "0,6" or "0.6" → 0.6."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        from pcaet_cli.cli.usage_errors import bad_parameter

        if value is None:
            return None
        try:
            return share(value)
        except ValueError as exc:
            raise bad_parameter(str(exc), ctx, param) from None


def _display_type(param: Any) -> str:
    """No Python type (`<bool>`, `<str>`) next to the names: the French metavar of an
    option, nothing for an argument (its metavar is its name) or a flag."""
    if isinstance(param, TyperArgument):
        return ""
    return str(param.metavar or "")


def _range(param: Any) -> str | None:
    if param.french_runtime is not None:
        return None
    low, high = param.min, param.max
    if low is not None and high is not None:
        return f"de {low} à {high}"
    if low is not None:
        return f"≥ {low}"
    return f"≤ {high}" if high is not None else None


def _missing(param: Any) -> str:
    if isinstance(param.french_runtime, _Choice):
        return "valeurs : " + ", ".join(choice_shown(c) for c in param.french_runtime.choices)
    return ""


# Typer's parameter classes, with the French of the functions above. A parameter that
# Typer built takes one of these classes (french_parameter): they add methods only. The
# two bodies are the same on purpose: a shared mixin changes the instances' layout, and
# CPython then refuses the change of class.
class _FrenchOption(TyperOption):
    french_runtime: Any = None

    def display_type_rich(self, ctx: Any) -> str | None:
        return _display_type(self)

    def _get_number_range_help_str(self) -> str | None:
        return _range(self)

    def _get_default_string(self, **kwargs: Any) -> str:
        return choice_shown(super()._get_default_string(**kwargs))

    def get_missing_message(self, ctx: Any) -> str | None:
        return _missing(self)

    def get_runtime_param(self) -> Any:
        return self.french_runtime or super().get_runtime_param()


class _FrenchArgument(TyperArgument):
    french_runtime: Any = None

    def display_type_rich(self, ctx: Any) -> str | None:
        return _display_type(self)

    def _get_number_range_help_str(self) -> str | None:
        return _range(self)

    def _get_default_string(self, **kwargs: Any) -> str:
        return choice_shown(super()._get_default_string(**kwargs))

    def get_missing_message(self, ctx: Any) -> str | None:
        return _missing(self)

    def get_runtime_param(self) -> Any:
        return self.french_runtime or super().get_runtime_param()


def _is_share(param: Any) -> bool:
    """A float from 0 to 1 is a share: officers write it as a percentage."""
    desc = param.type_descriptor
    return bool(desc.annotation is float and param.min == 0 and param.max == 1)


def _metavar(param: Any) -> str | None:
    """The French name of the value a parameter takes, None for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    desc = param.type_descriptor
    if param.french_runtime is not None and isinstance(param.french_runtime, _Share):
        return "POURCENTAGE"
    many = "…" if param.nargs != 1 or param.multiple else ""
    if param.name in _NAMES:
        return _NAMES[param.name] + many
    if desc.is_choice:
        return "VALEUR" + many
    if desc.is_path or desc.is_file:
        return _PATHS.get(desc.path_type, "CHEMIN") + many
    annotation = desc.annotation
    if desc.is_list:
        annotation = annotation.__args__[0]
        if isinstance(annotation, type) and issubclass(annotation, PurePath):
            return _PATHS.get(desc.path_type, "CHEMIN") + many
    return _TYPES.get(getattr(annotation, "__name__", ""), "VALEUR") + many


def _choices_help(param: Any) -> str:
    """The choices after the help, unless the help already names each of them."""
    shown = [choice_shown(c) for c in param.french_runtime.choices]
    help_text = param.help or ""
    if all(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", help_text) for c in shown):
        return help_text
    return f"{help_text} Valeurs : {', '.join(shown)}.".strip()


def french_parameter(param: Any) -> None:
    """Give one parameter built by Typer its French behaviour (see the module)."""
    if isinstance(param, _FrenchOption | _FrenchArgument):
        return
    if isinstance(param, TyperOption):
        param.__class__ = _FrenchOption
    elif isinstance(param, TyperArgument):
        param.__class__ = _FrenchArgument
    else:
        return
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        param.french_runtime = _Choice(desc.choices)
        param.help = _choices_help(param)
    elif _is_share(param):
        param.french_runtime = _Share()
        param.help = (
            f"{param.help or ''} En pourcentage (60 %) ou en part (0,6) ; "
            "un nombre au-delà de 1 est un pourcentage."
        ).strip()
    param.show_envvar = False
    if param.metavar is None:
        param.metavar = _metavar(param)


def renamed(args: list[str], old_names: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """`args` with each option's old name replaced by its name (`--into x` → `--output
    x`, `--output-file=x` → `--output=x`), and the old names met, in order. Nothing after
    `--` is touched."""
    out: list[str] = []
    met: list[str] = []
    for position, arg in enumerate(args):
        if arg == "--":
            out += args[position:]
            break
        name, equals, value = arg.partition("=")
        if name in old_names:
            met.append(name)
            out.append(old_names[name] + equals + value)
        else:
            out.append(arg)
    return out, met


class FrenchCommandMixin:
    """A pcaet command or group: French parameters, usage line and help option.

    `old_names` maps an option's former name to its name: the former still works for
    one version, hidden from the help, with a notice on stderr."""

    old_names: Mapping[str, str] = MappingProxyType({})
    _help_option: Any  # click's, see get_help_option

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            french_parameter(param)
        return params

    def get_help_option(self, ctx: Any) -> Any:
        # Click keeps the help option it built on the command; a command is built once
        # per process (cli._load) and may be met by contexts with other help names
        # (a bare context has only --help): build it again when the names differ.
        kept = getattr(self, "_help_option", None)
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if kept is not None and set(kept.opts) != set(names):
            self._help_option = None
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Affiche cette aide et quitte."
            french_parameter(option)
        return option

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if self.old_names:
            args, met = renamed(args, self.old_names)
            for name in dict.fromkeys(met):
                print(
                    f"pcaet : « {name} » est l'ancien nom de « {self.old_names[name]} » ; "
                    "il sera retiré dans la prochaine version.",
                    file=sys.stderr,
                )
        try:
            parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as error:
            # The parser's own errors ("--select" without its value) know no command:
            # give them this one, for the usage line and the hint at --help.
            if hasattr(error, "ctx") and error.ctx is None:
                error.ctx = ctx
                error.cmd = ctx.command  # type: ignore[attr-defined]
            raise
        return parsed

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        usage = " ".join(pieces).replace("COMMAND [ARGS]", "COMMANDE [ARGUMENTS]")
        usage = usage.replace("...", "…")
        formatter.write_usage(ctx.command_path, usage, prefix=USAGE)


def _rich_in_french(rich_utils: Any) -> None:
    """French titles, and click's usage errors in French (see usage_errors)."""
    for name, text in _RICH_TEXTS.items():
        setattr(rich_utils, name, text)
    show = rich_utils.rich_format_error

    def rich_format_error(error: Any) -> None:
        from pcaet_cli.cli.usage_errors import french_error

        message = french_error(error)
        error.format_message = lambda: message
        show(error)

    rich_utils.rich_format_error = rich_format_error


class _FrenchRichUtils:
    """Typer imports its rich help and error module only to show help or an error
    (it pulls in rich's Markdown, a tenth of the start-up time): translate it then.
    A finder on sys.meta_path (importlib.abc itself would cost a tenth more)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            _rich_in_french(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _plain_show(error: Any, file: Any = None) -> None:
    """A usage error without rich (TYPER_USE_RICH=0): the same French, in plain text."""
    from pcaet_cli.cli.usage_errors import french_error

    stream = file or sys.stderr
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        print(ctx.get_usage(), file=stream)
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            print(f"Essayez « {hint} » pour l'aide.\n", file=stream)
    print(f"Erreur : {french_error(error)}", file=stream)


def install() -> None:
    """Translate typer.rich_utils now if it is loaded, or when it is; and the plain
    text errors Typer shows without rich."""
    import typer.core

    click = getattr(typer.core, "_click", None)
    if click is not None:  # Typer ≥ 0.29 embeds click: its exceptions are Typer's own
        click.exceptions.ClickException.show = _plain_show
        click.exceptions.UsageError.show = _plain_show
    if "typer.rich_utils" in sys.modules:  # already imported by someone else
        _rich_in_french(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _FrenchRichUtils) for f in sys.meta_path):
        sys.meta_path.insert(0, _FrenchRichUtils())
