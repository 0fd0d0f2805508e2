"""The words of the phone page's hackathon screens (#19): teams, projects, the jury and pitches.

Served apart from the page's other words (``/api/strings/<lang>?part=hackathon``) and fetched only by a
phone in a hackathon, with ``hackathon.js``, so a workshop without one downloads none of it.
"""

from __future__ import annotations

from cocity_workshop.i18n import N_

STRINGS: dict[str, str] = {
    "team_title": N_("Your team"),
    "team_register": N_("Register your team"),
    "team_name": N_("Team name"),
    "team_challenge": N_("Challenge"),
    "team_members": N_("How many members"),
    "team_register_btn": N_("Register the team"),
    "team_join": N_("Or join your team"),
    "team_code": N_("Team code"),
    "team_join_btn": N_("Join the team"),
    "team_code_hint": N_("Your teammates type this code on their phones to join the team."),
    "project_heading": N_("Your project"),
    "project_title": N_("Project title"),
    "project_desc": N_("Short description (optional)"),
    "project_link": N_("Link (optional)"),
    "project_save": N_("Save the project"),
    "project_saving": N_("Saving your project\u2026"),
    "project_saved": N_("Your project is saved."),
    "project_theirs": N_("Saved by a teammate:"),
    "submissions_closed": N_("Submissions are closed."),
    "projects_title": N_("Projects"),
    "by_team": N_("by {team}"),
    "jury_join": N_("Join the jury"),
    "jury_ticket": N_("Jury ticket code"),
    "juror": N_("Juror {n}"),
    "judging_not_started": N_("Scoring opens when the facilitator starts judging."),
    "judging_open": N_("Score each project on every criterion. You can change your scores until judging closes."),
    "judging_closed": N_("Judging is closed; the scores are final."),
    "conflict_label": N_("I have a conflict of interest with this team: I do not score it."),
    "conflict_badge": N_("Conflict of interest"),
    "criterion_label": N_("{name} (weight {weight}, {low} to {high})"),
    "no_score": N_("No score"),
    "comment_label": N_("Comment for the team (optional)"),
    "sheet_save": N_("Save the scores"),
    "sheet_saving": N_("Saving your scores\u2026"),
    "sheet_saved": N_("Your scores are saved."),
    "scored": N_("Scored: {done} of {all}"),
    "not_scored": N_("Not scored yet"),
    "pitch_now": N_("Pitching now"),
    "pitch_next": N_("Next: {team}"),
}

#: Counted phrases, as in ``strings.PLURALS``.
PLURALS: dict[str, tuple[str, str]] = {}
