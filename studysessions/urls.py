"""/sessions/: the evening study pages. Each part of the app keeps its own URL list."""

from studysessions import urls_attendance, urls_calendar, urls_room

app_name = "studysessions"
urlpatterns = [*urls_calendar.urlpatterns, *urls_room.urlpatterns, *urls_attendance.urlpatterns]
