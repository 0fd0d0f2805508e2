"""A sync run that prints each progress step and pauses after it, so a test can kill it mid-file.

Usage: python sync_child.py OUTBOX_DIR SETTINGS_FILE PAUSE_SECONDS
"""

from __future__ import annotations

import sys
import time

from cocity_workshop.sync import Outbox, SyncProgress


def main() -> None:
    outbox_dir, settings, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])

    def progress(step: SyncProgress) -> None:
        print(f"{step.target} {step.file or '-'} {step.done} {step.total}", flush=True)
        time.sleep(pause)

    report = Outbox(outbox_dir, settings).sync(progress=progress)
    print("done ok" if report.ok else "done not-ok", flush=True)


if __name__ == "__main__":
    main()
