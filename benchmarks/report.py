"""Time and peak memory to write the PDF report and the results bundle, for the demo and a large workshop.

Run: ``.venv/bin/python benchmarks/report.py [--keep DIR]``. The large workshop has 500 ideas (some in
Korean, Chinese and Arabic), 300 participants, 3 vote rounds with a ballot from everyone, paper dots,
10 actions and 20 photos. Each measurement runs in a fresh Python process, so "peak RSS" is that job's
own high-water mark (interpreter, fonts and all). (Python's tracemalloc is not used: it slows
reportlab down about 25 times.) Target for the large workshop: under 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from cocity_workshop.core.model import IdeaOrigin, ResultsMode
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.demo import create_demo

IDEAS = 500
PARTICIPANTS = 300
PHOTOS = 20
WORDS = [
    "bike",
    "lane",
    "bench",
    "tree",
    "shade",
    "market",
    "library",
    "bus",
    "tram",
    "square",
    "school",
    "park",
    "water",
    "light",
    "path",
    "garden",
    "repair",
    "cafe",
    "workshop",
    "playground",
    "noise",
    "safety",
    "parking",
    "sharing",
    "river",
    "bridge",
    "festival",
]
FOREIGN = ("청년 창업 카페", "青年创业导师计划", "صندوق صغير لدعم مشاريع الشباب", "Park / 공원 / حديقة")


def _photo(rng: random.Random) -> tuple[bytes, int, int]:
    width, height = 1600, 1200
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 30).convert("RGB")
    tint = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    picture = Image.blend(Image.blend(base, noise, 0.3), tint, 0.4)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue(), width, height


def build_large(path: Path) -> None:
    """Create the large workshop at ``path``."""
    rng = random.Random(4)
    with WorkshopSession.create(path, title="Large benchmark workshop", language="en") as session:
        session.update_workshop(city="Plzeň", venue="DEPO2015", date="2026-11-21", organisers=("City of Pilsen",))
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(PARTICIPANTS)]
        groups = [g.id for g in session.groups()]
        bands = [b.id for b in session.age_bands()]
        for token in tokens:
            session.set_profile(token, rng.choice(groups), rng.choice(bands))
        clusters = [session.add_cluster(f"Cluster {n + 1}").id for n in range(12)]
        ideas = []
        for n in range(IDEAS):
            title = FOREIGN[n % len(FOREIGN)] if n % 25 == 0 else " ".join(rng.choices(WORDS, k=rng.randint(3, 9)))
            description = " ".join(rng.choices(WORDS, k=rng.randint(10, 40)))
            origin = (IdeaOrigin.PHONE, IdeaOrigin.FACILITATOR, IdeaOrigin.PAPER)[n % 3]
            token = rng.choice(tokens) if origin is IdeaOrigin.PHONE else None
            idea = session.add_idea(f"{title} {n}", description, origin=origin, token=token)
            session.set_idea_cluster(idea.id, clusters[n % len(clusters)])
            ideas.append(idea.id)
        for n in range(PHOTOS):
            data, width, height = _photo(rng)
            session.add_photo(ideas[n * 7], "image/jpeg", data, width, height)
        ballot_ideas = ideas
        for number, size in enumerate((IDEAS, 50, 10), start=1):
            ballot_ideas = ballot_ideas[:size]
            vote = session.create_round(f"Round {number}", ballot_ideas, results_mode=ResultsMode.HIDDEN)
            session.start_round(vote.id)
            futures = []
            for token in tokens:
                chosen = rng.sample(ballot_ideas, k=min(3, len(ballot_ideas)))
                dots = dict(zip(chosen, (2, 2, 1), strict=False))
                futures.append(session.submit(session.ballot_command(token, vote.id, dots)))
            for future in futures:
                future.result()
            session.close_round(vote.id)
            for idea_id in ballot_ideas[:5]:
                session.set_paper_dots(vote.id, idea_id, rng.randint(1, 9))
            session.reveal_round(vote.id)
            ballot_ideas = [t.idea_id for t in session.tally(vote.id).ideas]
        for n in range(10):
            action = session.add_action(f"Action {n + 1}", idea_id=ballot_ideas[n % len(ballot_ideas)], owner="Owner")
            session.add_milestone(action.id, "First step", "2027-03-01")


def measure(job: str, workshop: Path, output: Path) -> dict[str, float]:
    """Run one job in this process and return its time and memory (called in the child process)."""
    from cocity_workshop.bundle import export_bundle
    from cocity_workshop.report import write_report

    start = time.perf_counter()
    with WorkshopSession.open(workshop, readonly=True) as session:
        if job == "report":
            write_report(session, output, session.workshop().language)
        else:
            export_bundle(session, output, tier=job)
    seconds = time.perf_counter() - start
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "rss_mb": rss_kib / 1024, "bytes": output.stat().st_size}


def main() -> None:
    """Build the workshops, measure each job in a fresh process, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep the workshops and outputs in this folder")
    parser.add_argument("--child", nargs=3, metavar=("JOB", "WORKSHOP", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job, workshop, output = args.child
        print(json.dumps(measure(job, Path(workshop), Path(output))))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cocity-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    workshops = {"demo (cs)": folder / "demo.cocity", "large": folder / "large.cocity"}
    if not workshops["demo (cs)"].exists():
        create_demo(workshops["demo (cs)"], "cs").close()
    if not workshops["large"].exists():
        started = time.perf_counter()
        build_large(workshops["large"])
        print(f"built the large workshop in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows = []
    for label, workshop in workshops.items():
        for job, suffix in (("report", "pdf"), ("public", "zip"), ("city", "zip")):
            output = folder / f"{workshop.stem}-{job}.{suffix}"
            child = [sys.executable, __file__, "--child", job, str(workshop), str(output)]
            result = json.loads(subprocess.run(child, capture_output=True, text=True, check=True).stdout)
            rows.append((label, job, result))
    print(f"{'workshop':<10} {'job':<14} {'time s':>7} {'peak RSS MB':>12} {'output KB':>10}")
    for label, job, result in rows:
        name = "report (PDF)" if job == "report" else f"bundle {job}"
        print(
            f"{label:<10} {name:<14} {result['seconds']:>7.2f} {result['rss_mb']:>12.0f} "
            f"{result['bytes'] / 1024:>10.0f}"
        )
    print("target (large): under 5 s and 300 MB")


if __name__ == "__main__":
    main()
