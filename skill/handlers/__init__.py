"""Request handlers, one module per conversation area; registration order lives in builder.py."""
