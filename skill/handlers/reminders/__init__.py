"""Reminders: setting them (``setting``), managing the ones set (``managing``), and what happens
to them when someone asks to be forgotten (``forgetting``)."""

from skill.handlers.reminders.forgetting import (
    CANCEL_AFTER_FORGET,
    after_forget,
    cancel_after_forget,
    keep_after_forget,
)
from skill.handlers.reminders.managing import (
    WHICH_REMINDER,
    CancelAllRemindersHandler,
    CancelReminderHandler,
    ListRemindersHandler,
    ReminderChoiceHandler,
    StrayChoiceHandler,
    which_again,
)
from skill.handlers.reminders.setting import (
    CONFIRM_REMINDER,
    REMINDER_TIME,
    MovementReminderHandler,
    OneOffReminderHandler,
    PermissionResponseHandler,
    ReminderTimeHandler,
    StretchReminderHandler,
    confirmed,
    declined,
    reconfirmed,
    time_asked_again,
)

__all__ = [
    "CANCEL_AFTER_FORGET",
    "CONFIRM_REMINDER",
    "REMINDER_TIME",
    "WHICH_REMINDER",
    "CancelAllRemindersHandler",
    "CancelReminderHandler",
    "ListRemindersHandler",
    "MovementReminderHandler",
    "OneOffReminderHandler",
    "PermissionResponseHandler",
    "ReminderChoiceHandler",
    "ReminderTimeHandler",
    "StrayChoiceHandler",
    "StretchReminderHandler",
    "after_forget",
    "cancel_after_forget",
    "confirmed",
    "declined",
    "keep_after_forget",
    "reconfirmed",
    "time_asked_again",
    "which_again",
]
