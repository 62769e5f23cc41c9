"""One settings object: where things are and the knobs of a run.

The interfaces (the CLI, the Python API, the flows) build it once with
``load_settings`` and pass it down; nothing below them reads the environment.
Each setting comes from the first that names it:

1. the command's option (``--db``, ``--out``, ``--workers``, the paths to
   ingest…), given to ``load_settings`` as keyword arguments;
2. the environment: ``CALPAE_`` and the setting's name in capitals
   (``CALPAE_DB``, ``CALPAE_LOCK_WAIT``, ``CALPAE_MAX_BYTES``…);
3. a config file: ``--config FILE``, ``$CALPAE_CONFIG``, or the first
   ``calpae.toml`` in the current folder or one of its parents, with the
   settings' names as keys; relative paths in it are read from the file's
   own folder::

       db = "data/curated/calpae.duckdb"
       raw = "/srv/conventions"
       report = "reports/latest"
       lock_wait = 60

4. the defaults below; paths under the project's home: ``$CALPAE_HOME``, else
   the checkout this package runs from (a folder holding ``pyproject.toml``),
   else the current folder.

So ``calpae status`` finds the same warehouse from any folder.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

CONFIG_NAME = "calpae.toml"
PATHS = ("db", "raw", "report", "export")
DEFAULT_PATHS = {
    "db": Path("data/curated/calpae.duckdb"),
    "raw": Path("data/raw"),
    "report": Path("data/report"),
    "export": Path("data/export"),
}


class ConfigError(Exception):
    """A config file that cannot be read, names an unknown setting, or gives a
    setting a value of the wrong kind."""


@dataclass(frozen=True)
class Limits:
    """Per-document limits: a breach fails that document alone, with its reason."""

    max_bytes: int = 200 * 2**20
    max_pages: int = 3000
    max_seconds: float = 1800.0
    max_worker_memory: int = 3 * 2**30
    """Bytes of address space a worker process may use (0: no limit)."""


@dataclass(frozen=True)
class Settings:
    db: Path = DEFAULT_PATHS["db"]
    """The warehouse file."""
    raw: Path = DEFAULT_PATHS["raw"]
    """The folder of source documents ingested by default."""
    report: Path = DEFAULT_PATHS["report"]
    """The report's folder."""
    export: Path = DEFAULT_PATHS["export"]
    """The exports' folder."""
    workers: int = 2
    """Worker processes reading documents in parallel."""
    lock_wait: float = 120.0
    """Seconds a connection waits for another process to let go of the warehouse
    (longer than ``query_timeout``: an analyst's query never makes an ingest give up)."""
    query_timeout: float = 60.0
    """Seconds an analyst's query may run (``calpae sql``, ``calpae.query``) before
    it is stopped (0: no limit)."""
    query_memory: str = "2GB"
    """Memory an analyst's query may use (DuckDB's ``memory_limit``; nothing spills to disk)."""
    query_rows: int = 1_000_000
    """Rows an analyst's query may return (0: no limit; ``calpae export`` writes it all)."""
    max_bytes: int = Limits.max_bytes
    max_pages: int = Limits.max_pages
    max_seconds: float = Limits.max_seconds
    max_worker_memory: int = Limits.max_worker_memory
    ocr_max_pages: int = 300
    """A scan of more pages is not OCR'd (the document is 'needs_ocr')."""
    ocr_timeout: float = 900.0
    """Seconds OCR may take on one document."""
    ocr_min_confidence: float = 70.0
    """An OCR'd page under this mean word confidence is a warning."""
    dask: str | None = None
    """The flow's documents read on Dask: 'local' or a scheduler's address."""
    cron: str = "0 2 * * *"
    """When the nightly deployment runs (in ``timezone``)."""
    timezone: str = "Europe/Paris"
    """The time zone of ``cron``."""

    @property
    def limits(self) -> Limits:
        return Limits(self.max_bytes, self.max_pages, self.max_seconds, self.max_worker_memory)


SETTING_TYPES = {field.name: field.type for field in fields(Settings)}


def load_settings(
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Every setting, from the options given (None: not given), the
    environment, the config file (``config`` or the one found) and the
    defaults, in that order."""
    environ = os.environ if environ is None else environ
    config = config or find_config(environ)
    from_file = read_config(config) if config else {}
    unknown = sorted(set(options) - set(SETTING_TYPES))
    if unknown:
        raise TypeError(f"unknown setting {unknown[0]!r}")
    chosen: dict[str, Any] = {}
    for name in SETTING_TYPES:
        variable = f"CALPAE_{name.upper()}"
        if options.get(name) is not None:
            chosen[name] = parse(name, options[name], f"option {name}")
        elif environ.get(variable):
            chosen[name] = parse(name, environ[variable], variable)
        elif name in from_file:
            chosen[name] = from_file[name]
    root = home(environ)
    defaults = {name: root / DEFAULT_PATHS[name] for name in PATHS if name not in chosen}
    settings = replace(Settings(), **chosen, **defaults)
    check(settings)
    return settings


AT_LEAST_ONE = ("workers",)


def check(settings: Settings) -> None:
    """A ConfigError for a value no run can use."""
    for name in AT_LEAST_ONE:
        if getattr(settings, name) < 1:
            raise ConfigError(f"{name} must be at least 1, not {getattr(settings, name)}")


def default_db(environ: Mapping[str, str] | None = None) -> Path:
    """The warehouse of the defaults: the one whose folder a run creates."""
    return home(environ) / DEFAULT_PATHS["db"]


def parse(name: str, value: object, where: str) -> Any:
    """A setting's value as its type; a ConfigError naming ``where`` if it is not one."""
    kind = SETTING_TYPES[name]
    try:
        if "Path" in str(kind):
            return Path(str(value)).expanduser()
        if kind == "int" or kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind == "float" or kind is float:
            return float(value)
        return str(value)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {name} must be a {kind}, not {value!r}") from error


def home(environ: Mapping[str, str] | None = None) -> Path:
    """``$CALPAE_HOME``, else the checkout holding this package, else the current folder."""
    environ = os.environ if environ is None else environ
    if environ.get("CALPAE_HOME"):
        return Path(environ["CALPAE_HOME"]).expanduser().resolve()
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file():
        return checkout
    return Path.cwd()


def find_config(environ: Mapping[str, str] | None = None, start: Path | None = None) -> Path | None:
    """``$CALPAE_CONFIG``, else the nearest ``calpae.toml`` from ``start`` upwards."""
    environ = os.environ if environ is None else environ
    if environ.get("CALPAE_CONFIG"):
        return Path(environ["CALPAE_CONFIG"]).expanduser()
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The settings a config file names, typed; paths made absolute from its folder."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path}: {error}") from error
    unknown = sorted(set(values) - set(SETTING_TYPES))
    if unknown:
        known = ", ".join(SETTING_TYPES)
        raise ConfigError(f"config file {path}: unknown setting {unknown[0]!r} (known: {known})")
    typed = {name: parse(name, value, f"config file {path}") for name, value in values.items()}
    return {
        name: path.parent / value if isinstance(value, Path) else value
        for name, value in typed.items()
    }
