"""The ``knot-helper`` command."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from skill.config import Config, is_loopback
from skill.logs.configure import configure_logging

logger = logging.getLogger("skill.tools.cli")

__all__ = ["build_parser", "is_loopback", "main"]


def _serve(args: argparse.Namespace, config: Config) -> int:
    host = args.host or config.host
    port = args.port or config.port
    if args.dev:
        if not is_loopback(host):
            logger.error("refusing dev mode (no signature checks) on %s: loopback only", host)
            return 2
        from skill.web.app import create_app

        app = create_app(config.replace(dev_mode=True), dev_host=host)
        logger.warning("Knot Helper dev server on http://%s:%d/alexa", host, port)
        app.run(host=host, port=port, debug=False, use_reloader=False)
        return 0
    from skill.web.production import serve_with_gunicorn

    return serve_with_gunicorn(config, host, port, args.workers)


def _model(args: argparse.Namespace, _config: Config) -> int:
    from skill.speech.prompts import SUPPORTED_LOCALES
    from skill.tools.manifest import INFRA_DIR, render_manifest
    from skill.tools.model import write_models
    from skill.tools.safety_doc import write_safety_table

    stale = write_models(SUPPORTED_LOCALES, check=args.check)
    stale += write_safety_table(check=args.check)
    manifest = INFRA_DIR / "skill.json"
    if not manifest.exists() or manifest.read_text() != render_manifest():
        stale.append("infra/skill.json")
        if not args.check:
            manifest.write_text(render_manifest())
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run knot-helper model)")
        return 1
    print("models and manifest " + ("checked" if args.check else f"written: {stale or 'none'}"))
    return 0


def _package(args: argparse.Namespace, _config: Config) -> int:
    from skill.tools.manifest import INFRA_DIR
    from skill.tools.packaging import build_package

    if not (INFRA_DIR / "manifest.toml").exists():
        print(
            "knot-helper package reads infra/ and interaction_model/ from a clone of the "
            "repository: install it there with pip install -e . (./dev does)",
            file=sys.stderr,
        )
        return 2

    out = build_package(Path(args.out), endpoint=args.endpoint, lambda_arn=args.lambda_arn)
    print(f"ASK CLI project written to {out} (deploy with: cd {out} && ask deploy)")
    return 0


def _skill_id(args: argparse.Namespace, _config: Config) -> int:
    from skill.tools.packaging import deployed_skill_id

    skill_id = deployed_skill_id(Path(args.project), args.profile)
    if skill_id is None:
        where = Path(args.project) / ".ask" / "ask-states.json"
        print(f"no skill ID in {where} yet: run ask deploy there first", file=sys.stderr)
        return 1
    print(skill_id)
    return 0


def _chat(args: argparse.Namespace, _config: Config) -> int:
    from skill.tools.chat import Chat, espeak, http_transport, in_process_transport

    logging.getLogger().setLevel(logging.ERROR)
    send = http_transport(args.url) if args.url else in_process_transport(args.database_url)
    speak = espeak() if args.speak else None
    if args.speak and speak is None:
        print("(espeak-ng is not installed: showing text only)")
    chat = Chat(send, locale=args.locale, screen=args.screen, speak=speak)
    if args.script:
        with open(args.script, encoding="utf-8") as script:
            chat.run(script, sys.stdout)
        return 0
    print('Say something to Alexa, e.g. "ask knot helper how to use a tennis ball". Ctrl-D ends.')
    while True:
        try:
            said = input("You: ")
        except EOFError:
            return 0
        chat.run([said], sys.stdout, echo=False)


def _audio_build(args: argparse.Namespace, config: Config) -> int:
    try:
        from skill.audio.build import build_tracks
        from skill.audio.engines import SynthesisError, engine_named
        from skill.audio.ffmpeg import AudioToolError
    except ModuleNotFoundError as error:
        print(
            f"audio build needs the audio extra ({error.name} is missing): "
            "pip install 'knot-helper[audio]'",
            file=sys.stderr,
        )
        return 2
    from skill.routines.library import library_for
    from skill.speech.prompts import prompts_for
    from skill.speech.ssml import Pace

    library = library_for("en-US")
    if args.routine and args.routine not in library.routines:
        print(f"unknown routine {args.routine!r}; choose from {', '.join(library.routines)}")
        return 2
    routines = [library.routines[args.routine]] if args.routine else None
    paces = list(Pace) if args.pace == "all" else [Pace(args.pace)]
    engine = engine_named(args.engine, config.gtts_endpoint)
    started = time.perf_counter()
    try:
        built = build_tracks(
            library,
            prompts_for("en-US"),
            engine,
            Path(args.out or config.audio_dir),
            routines=routines,
            paces=paces,
            jobs=args.jobs,
        )
    except (SynthesisError, AudioToolError) as error:
        print(f"audio build failed: {error}. The previous tracks were left as they were.")
        return 1
    fresh = sum(1 for track in built if track.rebuilt)
    elapsed = time.perf_counter() - started
    print(f"{len(built)} tracks ({fresh} rebuilt, {len(built) - fresh} current) in {elapsed:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="knot-helper", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the Alexa webhook")
    serve.add_argument("--host", help="address to bind (default: KNOT_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind (default: KNOT_PORT or 8080)")
    serve.add_argument(
        "--dev",
        action="store_true",
        help="dev mode: no signature checks, loopback only, Flask's server",
    )
    serve.add_argument("--workers", type=int, default=2, help="gunicorn workers (production)")
    serve.set_defaults(run=_serve)
    model = commands.add_parser(
        "model", help="generate interaction_model/<locale>.json and infra/skill.json"
    )
    model.add_argument("--check", action="store_true", help="only check the files are current")
    model.set_defaults(run=_model)
    chat = commands.add_parser("chat", help="talk to the skill in this terminal, like Alexa")
    chat.add_argument("--url", help="a running dev server's /alexa URL (default: in-process)")
    chat.add_argument("--script", help="a file of utterances, one per line (# comments)")
    chat.add_argument(
        "--locale", default="en-US", choices=["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]
    )
    chat.add_argument("--screen", action="store_true", help="act as a device with a screen (APL)")
    chat.add_argument("--speak", action="store_true", help="read answers aloud with espeak-ng")
    chat.add_argument(
        "--database-url", help="store for the in-process skill (default: KNOT_DATABASE_URL)"
    )
    chat.set_defaults(run=_chat)
    audio = commands.add_parser("audio", help="guided audio tracks")
    audio_commands = audio.add_subparsers(dest="audio_command", required=True)
    build = audio_commands.add_parser("build", help="render routines as AudioPlayer tracks")
    build.add_argument("--routine", help="only this routine (default: all)")
    build.add_argument("--engine", choices=["gtts", "espeak"], default="gtts")
    build.add_argument("--pace", choices=["all", "slow", "normal", "fast"], default="all")
    build.add_argument("--out", help="output folder (default: KNOT_AUDIO_DIR or audio)")
    build.add_argument("--jobs", type=int, default=4, help="parallel synthesis requests")
    build.set_defaults(run=_audio_build)
    package = commands.add_parser("package", help="build an ASK CLI v2 project for ask deploy")
    package.add_argument("--out", default="build/ask-project", help="output folder")
    target = package.add_mutually_exclusive_group()
    target.add_argument("--endpoint", help="HTTPS endpoint of the web service (.../alexa)")
    target.add_argument("--lambda-arn", help="ARN of the Lambda function (from the SAM stack)")
    package.set_defaults(run=_package)
    skill_id = commands.add_parser("skill-id", help="print the skill ID ask deploy recorded")
    skill_id.add_argument("--project", default="build/ask-project", help="the ASK CLI project")
    skill_id.add_argument("--profile", default="default", help="the ask-cli profile")
    skill_id.set_defaults(run=_skill_id)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``knot-helper`` console script."""
    args = build_parser().parse_args(argv)
    try:
        config = Config.from_env()
    except ValueError as error:
        print(f"knot-helper: {error}", file=sys.stderr)
        return 2
    configure_logging(config.log_level)
    status: int = args.run(args, config)
    return status


if __name__ == "__main__":
    sys.exit(main())
