"""Where the package's data files are: the templates the renderers fill (shipped in the wheel as
`vaulttool/templates`, in the repository's `templates/` for an editable install)."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The packaged `vaulttool/templates`, else (an editable install) the repository's `templates/`."""
    package = Path(__file__).resolve().parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parents[1] / "templates"
