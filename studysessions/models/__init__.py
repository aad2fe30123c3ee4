"""Evening study sessions (夜学): series and their occurrences, attendance, make-ups, calendar feeds."""

from studysessions.models.attendance import Attendance, AttendanceMethod, AttendanceStatus, MakeUp
from studysessions.models.calendar import CalendarFeed, SessionReminder
from studysessions.models.drill import RoomDrillAnswer
from studysessions.models.rehearsal import Rehearsal
from studysessions.models.scenario import RoomScenarioStep, RoomScenarioVote
from studysessions.models.schedule import Audience, SessionStatus, StudySeries, StudySession
from studysessions.models.weekday import Weekday

__all__ = [
    "Attendance",
    "AttendanceMethod",
    "AttendanceStatus",
    "Audience",
    "CalendarFeed",
    "MakeUp",
    "Rehearsal",
    "RoomDrillAnswer",
    "RoomScenarioStep",
    "RoomScenarioVote",
    "SessionReminder",
    "SessionStatus",
    "StudySeries",
    "StudySession",
    "Weekday",
]
