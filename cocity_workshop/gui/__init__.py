"""The facilitator's desktop app: the only package that imports PySide6.

``app.main(argv)`` is the entry point. ``controller.WorkshopController`` wraps one open
``WorkshopSession`` with an undo stack and the table models; panels and windows are passive views over
it; ``bridge.SessionBridge`` turns the session's events into Qt signals on the GUI thread and
``tasks.run_task`` runs slow jobs in the background.
"""
