"""Settings: Obsidian's `.obsidian/app.json` and vaulttool's optional `.vaulttool.toml`.

`.vaulttool.toml` (all keys optional):

    [vault]
    names = ["Obsidian Vault"]      # names in obsidian:// URIs that mean this vault

    [lifecycle]                     # override any list of `vaulttool.analyse.lifecycle.Vocabulary`
    hypothesis = ["hypothesis", "hypothese"]
    corrected_words = ["no", "wrong", "nope"]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = ".vaulttool.toml"


class ConfigError(ValueError):
    """A settings file cannot be read; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class ObsidianSettings:
    """The few `.obsidian/app.json` keys that change how links resolve or what is searched."""

    attachment_folder: str = "/"
    new_link_format: str = "shortest"
    ignore_filters: tuple[str, ...] = ()

    def is_ignored(self, path: str) -> bool:
        """Obsidian's "Excluded files": path prefixes, or `/regex/` patterns."""
        for pattern in self.ignore_filters:
            if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
                try:
                    if re.search(pattern[1:-1], path):
                        return True
                except re.error:
                    continue
            elif path.startswith(pattern.lstrip("/")):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Config:
    names: tuple[str, ...] = ()  # declared names first, then the folder name
    lifecycle: dict[str, Any] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)
    obsidian: ObsidianSettings = ObsidianSettings()


def _read_app_json(root: Path) -> ObsidianSettings:
    path = root / ".obsidian" / "app.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return ObsidianSettings()
    if not isinstance(data, dict):
        return ObsidianSettings()
    filters = data.get("userIgnoreFilters") or []
    return ObsidianSettings(
        attachment_folder=str(data.get("attachmentFolderPath") or "/"),
        new_link_format=str(data.get("newLinkFormat") or "shortest"),
        ignore_filters=tuple(str(f) for f in filters if isinstance(f, str) and f),
    )


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{CONFIG_FILE}: {where} must be a list of strings")


def load_config(root: Path) -> Config:
    """Read the vault's settings; a malformed `.vaulttool.toml` raises `ConfigError`."""
    obsidian = _read_app_json(root)
    folder_name = root.resolve().name  # `vaulttool check .` names the vault after its folder too
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config(names=(folder_name,), obsidian=obsidian)
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    vault = data.get("vault", {})
    names = _string_list(vault.get("names", []), "[vault] names")
    lifecycle = data.get("lifecycle", {})
    check = data.get("check", {})
    if not isinstance(lifecycle, dict) or not isinstance(check, dict):
        raise ConfigError(f"{path}: [lifecycle] and [check] must be tables")
    for key, value in lifecycle.items():
        lifecycle[key] = _string_list(value, f"[lifecycle] {key}")
    from vaulttool.analyse.lifecycle import Vocabulary

    try:
        Vocabulary.from_config(lifecycle)
    except ValueError as error:
        raise ConfigError(f"{path}: {error}") from None
    all_names = tuple(dict.fromkeys((*names, folder_name)))
    return Config(names=all_names, lifecycle=lifecycle, check=check, obsidian=obsidian)
