"""platform.calendar_files: real icalendar output, parsed back."""

from datetime import date

from icalendar import Calendar

from weltoffen.platform.calendar_files import Deadline, calendar_bytes, calendar_response, uid


def test_all_day_event_with_alarm_round_trips(app):
    with app.app_context():
        data = calendar_bytes(
            [Deadline(uid=uid("round", 7), day=date(2027, 3, 31), summary="Frist: Selbstcheck 2027")], "weltoffen"
        )
        parsed = Calendar.from_ical(data)
        (event,) = parsed.walk("VEVENT")
        assert event.decoded("dtstart") == date(2027, 3, 31)
        assert event.decoded("dtend") == date(2027, 4, 1)
        assert str(event["summary"]) == "Frist: Selbstcheck 2027"
        assert str(event["uid"]).startswith("round-7@")
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger").days == -1


def test_response_is_private_download(app):
    with app.test_request_context():
        response = calendar_response([], "x", "frist.ics")
        assert response.mimetype == "text/calendar"
        assert response.headers["Cache-Control"] == "private, no-store"
        assert 'filename="frist.ics"' in response.headers["Content-Disposition"]
