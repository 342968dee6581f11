"""Handlers of routines: starting one and moving through it (``navigation``), and guided
sessions on AudioPlayer (``guided_audio``)."""
