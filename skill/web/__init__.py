"""The web service: the Flask app (``app``), the ``/alexa`` endpoint (``webhook``), request
verification (``verification``, ``signing_chain``, ``chain_cache``, ``chain_download``), the
gunicorn worker that buffers requests (``worker``, ``http_framing``) and production settings
(``production``)."""
