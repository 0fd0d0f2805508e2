"""How fast the desktop app starts and opens workshops (a script that prints a table, not a test).

Measures, each as the median of several runs in fresh processes:
  * a bare ``QApplication`` showing an empty window (the floor Qt itself sets);
  * cold start to the facilitator window shown with the demo workshop open (target < 1.5 s);
  * opening a workshop with 2,000 ideas and 300 participants in a running app (target < 1 s).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(1366, 768); w.show(); app.processEvents()
print(time.time())
"""

COLD = """
import sys, time
from pathlib import Path
from cocity_workshop.gui.app import make_application
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.settings import AppSettings
app = make_application()
window = FacilitatorWindow(AppSettings(), ask=False)
window.resize(1366, 768)
window.show()
assert window.open_path(Path(sys.argv[1]))
app.processEvents()
print(time.time())
window.close_workshop()
"""

OPEN_BIG = """
import sys, time
from pathlib import Path
from cocity_workshop.gui.app import make_application
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.settings import AppSettings
app = make_application()
window = FacilitatorWindow(AppSettings(), ask=False)
window.resize(1366, 768)
window.show()
app.processEvents()
started = time.perf_counter()
assert window.open_path(Path(sys.argv[1]))
window.show_panel("ideas")  # the board with every idea: the heaviest panel to show
app.processEvents()
print(time.perf_counter() - started)
window.close_workshop()
"""


def _child(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["COCITY_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "settings.ini")
    launched = time.time()
    out = (
        subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    value = float(out)
    return value - launched if value > 1e9 else value


def big_workshop(path: Path, ideas: int = 2000, participants: int = 300) -> None:
    """A workshop with ``ideas`` phone ideas in 12 clusters from ``participants`` phones, and a round."""
    from cocity_workshop.core.model import IdeaOrigin
    from cocity_workshop.session import WorkshopSession

    with WorkshopSession.create(path, title="Big workshop") as session:
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(participants)]
        clusters = [session.add_cluster(f"Cluster {n}").id for n in range(12)]
        made = [
            session.add_idea(
                f"Idea number {n} about streets, parks and buses",
                origin=IdeaOrigin.PHONE,
                token=tokens[n % participants],
                cluster_id=clusters[n % 12],
            ).id
            for n in range(ideas)
        ]
        vote_round = session.create_round("Long list", made[:40])
        session.start_round(vote_round.id)
        for n, token in enumerate(tokens):
            session.cast_ballot(
                token,
                vote_round.id,
                {made[n % 40]: 3, made[(n * 7) % 40]: 2} if n % 40 != (n * 7) % 40 else {made[n % 40]: 3},
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from cocity_workshop.session.demo import create_demo

    folder = Path(tempfile.mkdtemp())
    demo = folder / "demo.cocity"
    create_demo(demo, "cs").close()
    big = folder / "big.cocity"
    began = time.perf_counter()
    big_workshop(big)
    print(f"(built the 2,000-idea workshop in {time.perf_counter() - began:.1f} s)")
    rows = [
        ("bare QApplication + empty window, cold", [_child(BARE) for _ in range(args.runs)], None),
        ("app cold start to window with demo open", [_child(COLD, str(demo)) for _ in range(args.runs)], 1.5),
        ("open 2,000 ideas / 300 participants", [_child(OPEN_BIG, str(big)) for _ in range(args.runs)], 1.0),
    ]
    print(f"{'measurement':45} {'median s':>9} {'min s':>7} {'max s':>7} {'target':>8}")
    for name, values, target in rows:
        verdict = "" if target is None else (f"< {target:.1f} ok" if statistics.median(values) < target else "MISSED")
        print(f"{name:45} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f} {verdict:>8}")


if __name__ == "__main__":
    main()
