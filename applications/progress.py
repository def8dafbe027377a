"""Where an application stands, as the steps of a line the candidate follows.

Pure logic (no database): the list page passes what it read (status, viewed, the
stages the history went through)."""

from applications.models import Application

S = Application.Status
# The steps of a candidate's way to a job, in order; "viewed" is the employer opening it.
STEPS = [
    ("submitted", "Sent"),
    ("viewed", "Viewed"),
    (S.IN_REVIEW, "In review"),
    (S.INTERVIEW, "Interview"),
    (S.OFFER, "Offer"),
    (S.HIRED, "Hired"),
]
_ORDER = [key for key, _label in STEPS]


def progress_steps(*, status, viewed, history=()):
    """The line's steps, each {"label", "state"}: "done", "current" or "todo"; and the end
    ("Not selected" or "Withdrawn") when the application stopped before Hired, after the
    steps it went through.

    `history` holds the statuses it went through, so a candidate not selected after an
    interview sees how far they got."""
    stopped = status in (S.REJECTED, S.WITHDRAWN)
    reached = [_ORDER.index(S.SUBMITTED)]
    if viewed:
        reached.append(_ORDER.index("viewed"))
    for stage in (*history, status):
        if stage in _ORDER:
            reached.append(_ORDER.index(stage))
    furthest = max(reached)
    steps = []
    for index, (_key, label) in enumerate(STEPS):
        if index < furthest or (index == furthest and (stopped or status == S.HIRED)):
            state = "done"
        elif index == furthest:
            state = "current"
        else:
            state = "todo"
        if state != "todo" or not stopped:  # a stopped line ends where it stopped
            steps.append({"label": label, "state": state})
    end = Application.Status(status).label if stopped else None
    return {"steps": steps, "end": end}
