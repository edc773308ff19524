"""Settings, typed and checked once at load: vaulttool's `.vaulttool.toml` and Obsidian's
`.obsidian/app.json`.

`.vaulttool.toml` (every table and key optional; an unknown table or key, or a wrong type, is an
error naming the file, the key and the known ones):

    [vault]
    names = ["Obsidian Vault"]      # names in obsidian:// URIs that mean this vault

    [lifecycle]                     # override any list of `LifecycleSettings`
    hypothesis = ["hypothesis", "hypothese"]
    corrected_words = ["no", "wrong", "nope"]
    implicit_answers = false        # untagged "yes, …" / "→ …" child bullets answer nothing

    [check]
    select = ["missing-note"]       # replaces the default codes
    ignore = ["ambiguous-link"]

    [verify]                        # the tolerance of a potential stated in prose, in mV
    approximate_tolerance_mV = 2    # `E_K ≈ −80 mV`, "about −80 mV"
    exact_tolerance_mV = 1          # `E_K = −80 mV`, "is −80 mV"

The file used is the one named by `--config PATH`, else `.vaulttool.toml` at the vault's root, else
the one at the root of the git repository that holds the vault (a vault in a sub-folder of a larger
repository shares the repository's settings). A discovered file is read only when it is a regular
file inside its folder: a symlink that leads out of it, a FIFO or a device is ignored with a warning.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from vaulttool.errors import VaulttoolError
from vaulttool.rules import Code, UnknownCodeError, parse_codes

CONFIG_FILE = ".vaulttool.toml"
APP_JSON = ".obsidian/app.json"
MAX_SETTINGS_BYTES = 1 << 20  # a settings file is a few hundred bytes; anything over 1 MiB is not one
REGEX_TIMEOUT_S = 0.05


class SettingsError(VaulttoolError):
    """A settings file is malformed; the message is one line naming the file and the key."""


@dataclass(frozen=True, slots=True)
class LifecycleSettings:
    """The lifecycle's vocabulary: tag names (without `#`, case-insensitive) and outcome words."""

    hypothesis: tuple[str, ...] = ("hypothesis",)
    question: tuple[str, ...] = ("wonder", "question")
    to_verify: tuple[str, ...] = ("to_verify",)
    waiting: tuple[str, ...] = ("waiting",)
    answered: tuple[str, ...] = ("explanation", "clarification")
    verified: tuple[str, ...] = ("verifed", "verified")
    confirmed: tuple[str, ...] = ("confirmed",)
    corrected: tuple[str, ...] = ("corrected",)
    partial: tuple[str, ...] = ("partial",)
    corrected_words: tuple[str, ...] = (
        "no",
        "nope",
        "nah",
        "not quite",
        "not really",
        "not at all",
        "not true",
        "wrong",
        "incorrect",
        "false",
        "actually",
        "actually no",
        "quite the opposite",
        "the opposite",
        "it's the opposite",
        "the reverse",
        "it's the reverse",
        "the other way round",
        "the other way around",
        "close but no",
    )
    partial_words: tuple[str, ...] = (
        "almost",
        "partly",
        "partially",
        "half",
        "half right",
        "not exactly",
        "kind of",
        "sort of",
        "somewhat",
        "close",
        "close but",
        "nearly",
        "in part",
        "not always",
        "yes and no",
        "true for … but",
        "right idea, wrong",
    )
    confirmed_words: tuple[str, ...] = (
        "yes",
        "yep",
        "yeah",
        "exactly",
        "exactly right",
        "right",
        "correct",
        "indeed",
        "true",
        "precisely",
        "that's it",
        "spot on",
        "confirmed",
    )
    implicit_answers: bool = True  # an untagged "yes, …" or "→ …" child bullet answers its parent's item


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """`[check]`: `select` replaces the default codes (None: errors and warnings), `ignore` drops codes."""

    select: frozenset[Code] | None = None
    ignore: frozenset[Code] = frozenset()


@dataclass(frozen=True, slots=True)
class VerifySettings:
    """`[verify]`: the tolerance in mV of a potential stated in prose, by how it is written."""

    approximate_tolerance_mV: float = 2.0  # `≈`, `~`, "about", "around" …: the number is rounded
    exact_tolerance_mV: float = 1.0  # `=`, `:`, "is": as a block claim without `±`


@dataclass(frozen=True, slots=True)
class ObsidianSettings:
    """The few `.obsidian/app.json` keys that change how links resolve or what is searched."""

    attachment_folder: str = "/"
    new_link_format: str = "shortest"
    ignore_filters: tuple[str, ...] = ()

    def is_ignored(self, path: str) -> bool:
        """Obsidian's "Excluded files": path prefixes, or `/regex/` patterns (JavaScript regexes,
        matched with a time limit: a pattern that takes too long matches nothing)."""
        for pattern in self.ignore_filters:
            if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
                if _regex_search(pattern[1:-1], path):
                    return True
            elif path.startswith(pattern.lstrip("/")):
                return True
        return False


def _regex_search(pattern: str, text: str) -> bool:
    import regex  # its matcher takes a timeout; `re` would hang on a catastrophic pattern

    try:
        return regex.search(pattern, text, timeout=REGEX_TIMEOUT_S) is not None
    except (regex.error, TimeoutError):
        return False


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, for one vault. `names`: declared names first, then the folder's."""

    names: tuple[str, ...] = ()
    lifecycle: LifecycleSettings = LifecycleSettings()
    check: CheckSettings = CheckSettings()
    verify: VerifySettings = VerifySettings()
    obsidian: ObsidianSettings = ObsidianSettings()
    source: Path | None = None  # the `.vaulttool.toml` read, if any
    warnings: tuple[str, ...] = field(default=(), compare=False)  # settings files ignored, and why


def _read_inside(root: Path, relative: str, warnings: list[str], where: str = "the vault") -> str | None:
    """The text of a settings file, if it is a regular file that stays in the folder `root`
    (`where`, in warnings: the vault or its repository)."""
    path = root / relative
    try:
        path.lstat()
    except OSError:
        return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        warnings.append(f"{relative} leads out of {where} ({real}); ignored")
        return None
    return _read_regular(path, real, warnings, relative)


def _read_regular(path: Path, real: str, warnings: list[str] | None, name: str = "") -> str | None:
    """The text of the regular file `real` (`name` in warnings, `path` in errors); None with a
    warning if it is not one, or a `SettingsError` when `warnings` is None (a file the user named
    must be readable)."""
    import stat

    try:
        info = os.stat(real)
    except OSError as error:
        if warnings is None:
            raise SettingsError(f"{path}: cannot read it: {error.strerror}") from None
        warnings.append(f"{name} cannot be read ({error.strerror}); ignored")
        return None
    if not stat.S_ISREG(info.st_mode):
        if warnings is None:
            raise SettingsError(f"{path}: not a regular file")
        warnings.append(f"{name} is not a regular file; ignored")
        return None
    if info.st_size > MAX_SETTINGS_BYTES:
        raise SettingsError(f"{path}: {info.st_size} bytes is too large for a settings file")
    try:
        with open(real, "rb") as stream:
            data = stream.read(MAX_SETTINGS_BYTES + 1)
        return data.decode("utf-8-sig")
    except OSError as error:
        raise SettingsError(f"{path}: cannot read it: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not valid UTF-8") from None


def repository_root(folder: Path) -> Path | None:
    """The root of the git work tree that holds `folder` (the nearest folder, `folder` itself
    included, with a `.git` entry), or None outside git."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _config_text(root: Path, config: Path | None, warnings: list[str]) -> tuple[str | None, Path | None]:
    """(text, file) of the settings to use: `config`, else the vault's, else the repository root's."""
    if config is not None:
        return _read_regular(config, os.path.realpath(config), None), config
    text = _read_inside(root, CONFIG_FILE, warnings)
    if text is not None:
        return text, root / CONFIG_FILE
    repository = repository_root(root)
    if repository is not None and repository != root.resolve():
        text = _read_inside(repository, CONFIG_FILE, warnings, "the repository")
        if text is not None:
            return text, repository / CONFIG_FILE
    return None, None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SettingsError(f"{where} must be a list of strings")


def _table(data: dict[str, Any], name: str, file: Path, known: tuple[str, ...]) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise SettingsError(f"{file}: [{name}] must be a table")
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise SettingsError(
            f"{file}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} in "
            f"[{name}] (known: {', '.join(known)})"
        )
    return table


TABLES = ("vault", "lifecycle", "check", "verify")
LIFECYCLE_KEYS = tuple(f.name for f in fields(LifecycleSettings))
VERIFY_KEYS = tuple(f.name for f in fields(VerifySettings))


def _tolerance(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise SettingsError(f"{where} must be a number of mV, 0 or more")
    return float(value)


def _parse_toml(text: str, file: Path) -> tuple[tuple[str, ...], LifecycleSettings, CheckSettings, VerifySettings]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise SettingsError(f"{file}: {str(error).splitlines()[0]}") from None
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise SettingsError(
            f"{file}: unknown table{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(f'[{name}]' for name in unknown)} (known: "
            f"{', '.join(f'[{name}]' for name in TABLES)})"
        )
    vault = _table(data, "vault", file, ("names",))
    names = _strings(vault.get("names", []), f"{file}: [vault] names")
    lifecycle = _table(data, "lifecycle", file, LIFECYCLE_KEYS)
    overrides: dict[str, Any] = {
        key: _strings(value, f"{file}: [lifecycle] {key}")
        for key, value in lifecycle.items()
        if key != "implicit_answers"
    }
    if "implicit_answers" in lifecycle:
        if not isinstance(lifecycle["implicit_answers"], bool):
            raise SettingsError(f"{file}: [lifecycle] implicit_answers must be true or false")
        overrides["implicit_answers"] = lifecycle["implicit_answers"]
    check = _table(data, "check", file, ("select", "ignore"))
    try:
        select = (
            parse_codes(_strings(check["select"], f"{file}: [check] select"), f"{file} [check] select")
            if "select" in check
            else None
        )
        ignore = parse_codes(_strings(check.get("ignore", []), f"{file}: [check] ignore"), f"{file} [check] ignore")
    except UnknownCodeError as error:
        raise SettingsError(str(error)) from None
    verify = {
        key: _tolerance(value, f"{file}: [verify] {key}")
        for key, value in _table(data, "verify", file, VERIFY_KEYS).items()
    }
    return names, replace(LifecycleSettings(), **overrides), CheckSettings(select, ignore), VerifySettings(**verify)


def _parse_app_json(text: str | None, file: Path) -> ObsidianSettings:
    if text is None:
        return ObsidianSettings()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ObsidianSettings()  # Obsidian itself starts with defaults then
    if not isinstance(data, dict):
        return ObsidianSettings()
    filters = data.get("userIgnoreFilters") or []
    folder = data.get("attachmentFolderPath") or "/"
    link_format = data.get("newLinkFormat") or "shortest"
    if not isinstance(filters, list) or not isinstance(folder, str) or not isinstance(link_format, str):
        raise SettingsError(
            f"{file}: userIgnoreFilters must be a list of strings, attachmentFolderPath and newLinkFormat strings"
        )
    return ObsidianSettings(
        attachment_folder=folder,
        new_link_format=link_format,
        ignore_filters=tuple(f for f in filters if isinstance(f, str) and f),
    )


def load_settings(root: Path, config: Path | None = None) -> Settings:
    """The vault's settings, from `config` if given, else from the `.vaulttool.toml` found in the
    vault or the root of its git repository; a malformed settings file, `config` missing, or a
    malformed `app.json` raises `SettingsError`."""
    warnings: list[str] = []
    obsidian = _parse_app_json(_read_inside(root, APP_JSON, warnings), root / APP_JSON)
    folder_name = root.resolve().name  # `vaulttool check .` names the vault after its folder too
    text, file = _config_text(root, config, warnings)
    if text is None or file is None:
        return Settings(names=(folder_name,), obsidian=obsidian, warnings=tuple(warnings))
    names, lifecycle, check, verify = _parse_toml(text, file)
    return Settings(
        names=tuple(dict.fromkeys((*names, folder_name))),
        lifecycle=lifecycle,
        check=check,
        verify=verify,
        obsidian=obsidian,
        source=file,
        warnings=tuple(warnings),
    )
