"""Request handlers, one package per area, named like the area it speaks for.

``base``: what every handler shares. ``playback``: replies that say a routine (steps, menus, tips)
or play its guided track, used by every area; no handlers. ``safety``: the check, statements
about the body, pain. ``reminders``: setting and managing reminders. ``memory``: resume, welcome
back, "forget me". ``routines``: routine intents and guided audio. ``conversation``: launch, the
built-ins, yes and no, everyday questions. An area imports only from areas before it in this list;
routing order lives in ``skill/alexa/builder.py``."""
