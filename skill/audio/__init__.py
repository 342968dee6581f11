"""Guided audio: routines rendered once as tracks for the AudioPlayer interface."""
