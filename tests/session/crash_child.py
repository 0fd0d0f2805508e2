"""Child process for the crash test: casts ballots concurrently and prints each acknowledged one."""

from __future__ import annotations

import json
import sys
from concurrent.futures import Future
from pathlib import Path

from cocity_workshop.session import WorkshopSession


def main() -> None:
    path, tokens_file, first, last, round_id = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    tokens = json.loads(Path(tokens_file).read_text(encoding="utf-8"))
    ideas = json.loads(Path(tokens_file + ".ideas").read_text(encoding="utf-8"))
    session = WorkshopSession.open(path)
    print("READY", flush=True)
    pending: list[tuple[int, dict[int, int], Future[object]]] = []
    for index in range(first, last):
        dots = {ideas[index % len(ideas)]: 1 + index % 2, ideas[(index + 1) % len(ideas)]: 1}
        pending.append((index, dots, session.submit(session.ballot_command(tokens[index], round_id, dots))))
        if len(pending) >= 20:
            for done_index, done_dots, future in pending:
                future.result()
                print("ACK", done_index, json.dumps(done_dots), flush=True)
            pending.clear()
    for done_index, done_dots, future in pending:
        future.result()
        print("ACK", done_index, json.dumps(done_dots), flush=True)
    print("DONE", flush=True)
    sys.stdin.read()  # wait to be killed


if __name__ == "__main__":
    main()
