"""The facilitator's desktop app: the only package that imports PySide6.

``app.main(argv)`` is the entry point. ``controller.WorkshopController`` wraps one open
``WorkshopSession`` with the facilitator's operations and an undo stack; ``live.LiveWorkshop`` holds
the table models and live state, refreshed from the session's events (``bridge.SessionBridge`` brings
them to the GUI thread); panels and windows are passive views over both, and ``tasks.run_task`` runs
slow jobs in the background.
"""
