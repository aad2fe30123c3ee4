"""/sessions/: the evening study pages. Each part of the app keeps its own URL list."""

from django.urls import register_converter

from studysessions import urls_attendance, urls_calendar, urls_room
from studysessions.converters import OccurrenceKeyConverter

register_converter(OccurrenceKeyConverter, "occurrence")

app_name = "studysessions"
urlpatterns = [*urls_calendar.urlpatterns, *urls_room.urlpatterns, *urls_attendance.urlpatterns]
