"""The participant API checked against its OpenAPI description with schemathesis: no server errors, and every
answer's status, content type and body conform. (The two live streams never end, so they are left to
``test_live_stream.py``.)"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.resources import resource_path
from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.session import WorkshopSession

SPEC = json.loads(resource_path("web", "openapi.json").read_text(encoding="utf-8"))
THEMES = ["Parks", "Traffic"]
KEYS = itertools.count()
#: A workshop's themes are known only while it runs: the description says "one of the workshop's themes";
#: for this served workshop that is exactly these (or none).
SPEC["components"]["schemas"]["IdeaRequest"]["properties"]["theme"]["enum"] = ["", *THEMES]
schema = schemathesis.openapi.from_dict(SPEC).exclude(path_regex="events$")
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.unsupported_method,
    checks.allow_header_conformance,
    checks.positive_data_acceptance,
]
# Not negative_data_rejection: it sends a header "of the wrong type" (a number), which on the wire is text
# the description allows, so it reports requests the server rightly accepts.
#: schemathesis's coverage phase sends boundary strings (one control character, say) as "valid" data without
#: applying the property's ``pattern``; such a title is not valid by the description, so it is not held to
#: positive_data_acceptance (the server still must answer it as documented).
TITLE_PATTERN = SPEC["components"]["schemas"]["IdeaRequest"]["properties"]["title"]["pattern"]
WIDE = Limits(requests_per_address=10**9, writes_per_participant=10**9, joins_per_address=10**9)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One served workshop with ideas, an open live round and a joined phone, shared by every generated case."""
    path = Path(tmp_path_factory.mktemp("openapi")) / "api.cocity"
    session = WorkshopSession.create(path, title="API")
    session.update_workshop(themes=THEMES)
    session.set_joining(open=True)
    ideas = [session.add_idea(f"Idea {n}").id for n in range(3)]
    vote_round = session.create_round("Round", ideas, results_mode=ResultsMode.LIVE)
    session.start_round(vote_round.id)
    token = session.join().token
    # A hackathon too: a team of this phone's with a project, submissions open, a juror on the jury.
    challenge = session.add_challenge("Challenge")
    session.set_submissions(True)
    session.register_team(token, "Team", challenge.id, 2)
    session.save_team_project(token, "Project", "What it does", "https://example.org/p")
    session.add_criterion("Impact")
    juror = session.join_jury(session.create_jury_tickets(1)[0].code).token
    server = ParticipantServer(session, "127.0.0.1", 0, limits=WIDE)
    server.start()
    yield {
        "server": server,
        "token": token,
        "juror": juror,
        "join": server.join_url.split("/")[4],
        "projector": server.projector_url.split("/")[4],
    }
    server.stop()
    session.close()


def test_the_description_is_valid_openapi() -> None:
    """The checked-in description loads and lists every operation."""
    assert len(list(schemathesis.openapi.from_dict(SPEC).get_all_operations())) == 27


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_description(case: Any, api: dict[str, Any]) -> None:
    """Generated requests (valid and invalid) never cause a server error and get documented answers."""
    server: ParticipantServer = api["server"]
    if "secret" in (case.path_parameters or {}):
        case.path_parameters["secret"] = api["projector" if case.path.startswith("/p/") else "join"]
    headers = {
        "Origin": f"http://127.0.0.1:{server.port}",
        "X-Workshop-Token": api["token"],
        "X-Jury-Token": api["juror"],
    }
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and re.fullmatch(r"[\x21-\x7e]{8,100}", key):
        # A phone makes a new key per request; generated cases share few keys, and one reused for another
        # body is answered 422 (the description says so), which is not the request being refused.
        case.headers["Idempotency-Key"] = f"case-{next(KEYS):08d}"
    checks_for_case = CHECKS
    texts = [case.body.get(name) for name in ("title", "name")] if isinstance(case.body, dict) else []
    if any(isinstance(text, str) and not re.search(TITLE_PATTERN, text) for text in texts):
        checks_for_case = [check for check in CHECKS if check is not checks.positive_data_acceptance]
    case.call_and_validate(base_url=f"http://127.0.0.1:{server.port}", headers=headers, checks=checks_for_case)
