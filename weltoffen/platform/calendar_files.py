"""Deadlines as calendar files (RFC 5545, built with `icalendar`): all-day events a
person can add to their own calendar. Callers decide what goes into an event; for
confidential domains (incidents) that is a neutral title and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Response, current_app
from icalendar import Alarm, Calendar, Event

from .db.columns import utcnow


@dataclass(frozen=True)
class Deadline:
    """One all-day event. `uid` must be stable for the same deadline (a calendar
    updates instead of duplicating when the file is opened again)."""

    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""
    remind_days_before: int | None = 1


def calendar_bytes(deadlines: list[Deadline], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//weltoffen//deadlines//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = utcnow()
    for deadline in deadlines:
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + timedelta(days=1))
        event.add("summary", deadline.summary)
        event.add("transp", "TRANSPARENT")
        if deadline.description:
            event.add("description", deadline.description)
        if deadline.url:
            event.add("url", deadline.url)
        if deadline.remind_days_before is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", deadline.summary)
            alarm.add("trigger", timedelta(days=-deadline.remind_days_before))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(deadlines: list[Deadline], name: str, filename: str, private: bool = True) -> Response:
    """A download of `deadlines` as `filename` (.ics). Private by default: nothing
    in between may keep a copy (nosniff comes with every answer, security.py)."""
    response = Response(calendar_bytes(deadlines, name), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


def uid(kind: str, ident: object) -> str:
    """A stable UID for a deadline of `kind` and id, within the operator's host."""
    host = (current_app.config.get("BASE_URL") or "weltoffen.invalid").split("//")[-1].split("/")[0]
    return f"{kind}-{ident}@{host}"
