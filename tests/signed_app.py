"""A WSGI entry point for servers started in a subprocess, with full request verification.

``gunicorn 'tests.signed_app:create()'`` builds the real app from ``KNOT_*`` variables, except that
a generated CA (``TEST_TRUST_ROOT``, a PEM file) stands in for Amazon's roots and signing chains
come from ``TEST_CHAIN`` (a PEM file, whatever the URL) or, with ``TEST_CHAIN_ORIGIN`` and
``TEST_CHAIN_CA``, from a local HTTPS stand-in for s3.amazonaws.com through the production
downloader. Tests and benchmarks sign their requests with that CA's leaf.
"""

from __future__ import annotations

import os
import ssl
from pathlib import Path

from cryptography import x509
from flask import Flask

from skill import create_app
from skill.config import ChainFetcher, Config
from skill.web.chain_download import ChainDownloader


def chain_fetcher(config: Config) -> ChainFetcher:
    origin = os.environ.get("TEST_CHAIN_ORIGIN")
    if origin:
        context = ssl.create_default_context(cafile=os.environ["TEST_CHAIN_CA"])
        return ChainDownloader(config.cert_timeout, origin=origin, context=context)
    chain = Path(os.environ["TEST_CHAIN"]).read_bytes()
    return lambda _url: chain


def create() -> Flask:
    root = x509.load_pem_x509_certificate(Path(os.environ["TEST_TRUST_ROOT"]).read_bytes())
    config = Config.from_env()
    return create_app(config.replace(trust_roots=[root], chain_fetcher=chain_fetcher(config)))
