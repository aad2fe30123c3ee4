"""The audit log names the practice features' actions in Chinese, not by their codes."""

import pytest
from django.utils import translation

from audit.selectors import action_label

ACTIONS = [
    "drills.marking_queue_viewed",
    "drills.sentence_marking_viewed",
    "supervision.coverage_viewed",
    "report_writing.draft_viewed",
    "report_writing.lists_viewed",
    "report_writing.draft_exported",
    "report_writing.marking_queue_viewed",
    "report_writing.draft_marking_viewed",
    "report_writing.draft_marked",
    "desensitisation.flag_cleared",
    "desensitisation.clearance_withdrawn",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_the_action_reads_in_chinese(action):
    with translation.override("zh-hans"):
        label = action_label(action)
    assert label != action and not label.isascii()
