"""/sessions/: the evening study pages. Each subpackage keeps its own URL list; the names are all in the
``studysessions`` namespace."""

from studysessions.attendance import urls as attendance_urls
from studysessions.calendar_feed import urls as calendar_feed_urls
from studysessions.history import urls as history_urls
from studysessions.make_up import urls as make_up_urls
from studysessions.my_evenings import urls as my_evenings_urls
from studysessions.rehearsal import urls as rehearsal_urls
from studysessions.room import urls as room_urls

app_name = "studysessions"
urlpatterns = [
    *my_evenings_urls.urlpatterns,
    *calendar_feed_urls.urlpatterns,
    *room_urls.urlpatterns,
    *rehearsal_urls.urlpatterns,
    *attendance_urls.urlpatterns,
    *make_up_urls.urlpatterns,
    *history_urls.urlpatterns,
]
