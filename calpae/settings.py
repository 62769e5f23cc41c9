"""Where things are: the warehouse, the raw documents, the report folder.

Each path comes from the first that names it:

1. the command's option (``--db``, ``--out``, the paths to ingest);
2. the environment (``CALPAE_DB``, ``CALPAE_RAW``, ``CALPAE_REPORT``,
   ``CALPAE_EXPORT``);
3. a config file: ``--config FILE``, ``$CALPAE_CONFIG``, or the first
   ``calpae.toml`` in the current folder or one of its parents; relative
   paths in it are read from the file's own folder::

       db = "data/curated/calpae.duckdb"
       raw = "/srv/conventions"
       report = "reports/latest"
       export = "exports"

4. the defaults, under the project's home: ``data/curated/calpae.duckdb``,
   ``data/raw``, ``data/report``, ``data/export``. The home is ``$CALPAE_HOME``, else the
   checkout this package runs from (a folder holding ``pyproject.toml``),
   else the current folder.

So ``calpae status`` finds the same warehouse from any folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "calpae.toml"
DEFAULTS = {
    "db": Path("data/curated/calpae.duckdb"),
    "raw": Path("data/raw"),
    "report": Path("data/report"),
    "export": Path("data/export"),
}
ENVIRONMENT = {
    "db": "CALPAE_DB",
    "raw": "CALPAE_RAW",
    "report": "CALPAE_REPORT",
    "export": "CALPAE_EXPORT",
}


class ConfigError(Exception):
    """A config file that cannot be read or names an unknown setting."""


@dataclass(frozen=True)
class Paths:
    db: Path
    raw: Path
    report: Path
    export: Path


def home() -> Path:
    """``$CALPAE_HOME``, else the checkout holding this package, else the current folder."""
    if os.environ.get("CALPAE_HOME"):
        return Path(os.environ["CALPAE_HOME"]).expanduser().resolve()
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file():
        return checkout
    return Path.cwd()


def find_config(start: Path | None = None) -> Path | None:
    """``$CALPAE_CONFIG``, else the nearest ``calpae.toml`` from ``start`` upwards."""
    if os.environ.get("CALPAE_CONFIG"):
        return Path(os.environ["CALPAE_CONFIG"]).expanduser()
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def read_config(path: Path) -> dict[str, Path]:
    """The paths a config file names, made absolute from its folder."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path}: {error}") from error
    unknown = sorted(set(values) - set(DEFAULTS))
    if unknown:
        known = ", ".join(DEFAULTS)
        raise ConfigError(f"config file {path}: unknown setting {unknown[0]!r} (known: {known})")
    return {name: path.parent / Path(str(value)).expanduser() for name, value in values.items()}


def resolve(config: Path | None = None, **options: Path | None) -> Paths:
    """Every path, from the options given, the environment, the config file
    (``config`` or the one found) and the defaults, in that order."""
    config = config or find_config()
    from_file = read_config(config) if config else {}
    chosen = {}
    for name, default in DEFAULTS.items():
        value = (
            options.get(name)
            or (Path(os.environ[ENVIRONMENT[name]]) if os.environ.get(ENVIRONMENT[name]) else None)
            or from_file.get(name)
            or home() / default
        )
        chosen[name] = Path(value).expanduser()
    return Paths(**chosen)
