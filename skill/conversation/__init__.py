"""One turn of a conversation: the reply being built and rendered (``reply``), what the session
carries between turns (``session_state``), what is kept between sessions (``profile``), and what
the device can do (``device``)."""
