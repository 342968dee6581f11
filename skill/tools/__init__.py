"""Tools for people building the skill: the ``knot-helper`` command (``cli``), the interaction
model and manifest generators (``model``, ``manifest``, ``packaging``, ``safety_doc``), and the
chat simulator (``chat``, ``simulator``)."""
