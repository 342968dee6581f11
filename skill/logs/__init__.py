"""What is logged: one sanitised line per request (``request_log``) and the log set-up every
entry point shares (``configure``)."""
