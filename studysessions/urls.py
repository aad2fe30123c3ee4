"""/sessions/: the evening study pages. Each part of the app keeps its own URL list."""

from studysessions import urls_attendance, urls_calendar
from studysessions.room import urls as room_urls

app_name = "studysessions"
urlpatterns = [*urls_calendar.urlpatterns, *room_urls.urlpatterns, *urls_attendance.urlpatterns]
