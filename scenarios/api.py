"""What other apps may ask of the scenarios app. Keep it small and stable.

``personal_records`` and ``anonymise_person_data`` have the shape the privacy app reads from every app;
``good_endings`` is readiness's read for a module's scenario criteria; the page, its
ending kinds and the practice lead form are what the 夜学 room plays a scenario with."""

from scenarios.blocks import LEAD_STEP
from scenarios.endings import RED_LINES, Ending
from scenarios.forms import LeadRegistrationForm
from scenarios.models import ScenarioPage
from scenarios.selectors import good_endings, personal_records
from scenarios.services import MAX_STEPS, anonymise_person_data

__all__: list[str] = [
    "LEAD_STEP",
    "MAX_STEPS",
    "RED_LINES",
    "Ending",
    "LeadRegistrationForm",
    "ScenarioPage",
    "anonymise_person_data",
    "good_endings",
    "personal_records",
]
from scenarios.models import ScenarioRun  # hours: a scenario played through

__all__ += ["ScenarioRun"]
