"""/reports/…: drafting (urls_drafting), the lists and documents made from a draft (urls_outputs), and exercises
and marking results (urls_exercises). The section page /reports/ and the exercise and 范文 pages are Wagtail's."""

from report_writing.urls_drafting import urlpatterns as drafting
from report_writing.urls_exercises import urlpatterns as exercises
from report_writing.urls_outputs import urlpatterns as outputs

app_name = "report_writing"

urlpatterns = [*drafting, *outputs, *exercises]
