"""Builds the Lambda artefact: the ``skill`` package and its runtime dependencies, nothing else.

``sam build --template infra/template.yaml`` runs it through ``infra/lambda/Makefile``; it can
also be run by hand: ``python3 infra/lambda/build.py OUT_DIR``. Needs only Python 3.11+ and pip.

1. Copies ``pyproject.toml``, ``README.md`` and ``skill/`` to a temporary folder and builds the
   project's wheel there (so no build output lands in the working tree, and tests, bench,
   node_modules, audio and caches never reach the artefact).
2. Installs that wheel and its runtime dependencies (``[project] dependencies``, not the audio or
   dev extras) into OUT_DIR as wheels for the Lambda's runtime and architecture only: a
   dependency without such a wheel fails the build instead of being compiled for this machine.
3. Drops console scripts and, when this Python is the runtime's version, precompiles bytecode
   (Lambda's code folder is read-only, so modules not compiled here are compiled on every cold
   start).

The runtime and architecture must match ``infra/template.yaml`` (a test checks): python3.11 on
Lambda runs on Amazon Linux 2 (glibc 2.26), so wheels must be manylinux2014 (glibc 2.17).
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_VERSION = "3.11"
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
ARCHITECTURE = "arm64"
PROJECT_FILES = ("pyproject.toml", "README.md", "skill")


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args]  # fixed arguments, no shell
    if subprocess.run(command, check=False).returncode != 0:  # noqa: S603
        raise SystemExit(f"pip {args[0]} failed (see above): no Lambda artefact was built")


def _project_wheel(workdir: Path) -> Path:
    source = workdir / "src"
    source.mkdir()
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    wheels = workdir / "wheels"
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source))
    (wheel,) = wheels.glob("knot_helper-*.whl")
    return wheel


def build(out: Path, architecture: str = ARCHITECTURE, compile_bytecode: bool = True) -> Path:
    """Fill ``out`` (missing or empty) with the artefact for ``architecture``; returns ``out``."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty: give an empty or new folder")
    with tempfile.TemporaryDirectory(prefix="knot-lambda-") as tmp:
        wheel = _project_wheel(Path(tmp))
        _pip(
            "install",
            "--quiet",
            "--no-compile",
            "--no-warn-conflicts",
            "--target",
            str(out),
            "--platform",
            PLATFORMS[architecture],
            "--implementation",
            "cp",
            "--python-version",
            PYTHON_VERSION,
            "--only-binary=:all:",
            str(wheel),
        )
    shutil.rmtree(out / "bin", ignore_errors=True)
    if compile_bytecode and f"{sys.version_info[0]}.{sys.version_info[1]}" == PYTHON_VERSION:
        compileall.compile_dir(
            out,
            quiet=1,
            workers=0,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="artefact folder (sam passes ARTIFACTS_DIR)")
    parser.add_argument("--architecture", choices=sorted(PLATFORMS), default=ARCHITECTURE)
    parser.add_argument("--no-compile", action="store_true", help="skip precompiling bytecode")
    args = parser.parse_args(argv)
    build(args.out, args.architecture, compile_bytecode=not args.no_compile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
