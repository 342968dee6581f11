"""Replies that say a routine: steps, menus, tips, start and finish (``steps``), and its guided
audio track (``audio``). Shared by every area; no handlers here."""
