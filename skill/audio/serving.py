"""Serves the built tracks at ``/audio/<file>`` (MP3 with range requests and cache headers).

For production, Alexa needs HTTPS: point ``KNOT_AUDIO_BASE_URL`` at this route behind TLS, or
upload ``audio/`` to a bucket or CDN and point it there.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, send_from_directory

from skill.audio.tracks import TRACK_NAME

blueprint = Blueprint("audio", __name__)
_SERVABLE = re.compile(f"{TRACK_NAME}|^chime\\.mp3$")
ONE_DAY = 24 * 3600


@blueprint.get("/audio/<name>")
def track(name: str) -> Response:
    """One MP3; anything else (manifests, the clip cache, other paths) is a 404."""
    if not _SERVABLE.match(name):
        abort(404)
    folder = Path(current_app.config["KNOT"].audio_dir).resolve()
    response = send_from_directory(
        folder, name, mimetype="audio/mpeg", conditional=True, max_age=ONE_DAY
    )
    response.headers["Accept-Ranges"] = "bytes"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
