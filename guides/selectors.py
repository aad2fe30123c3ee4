from guides.models import IntervieweeRole, InterviewGuidePage


def guides_by_role(*, index_page) -> list[dict]:
    """Live guides grouped by interviewee role, in the role order an inspector meets them."""
    guides = InterviewGuidePage.objects.live().child_of(index_page).order_by("title")
    grouped: dict[str, list[InterviewGuidePage]] = {role.value: [] for role in IntervieweeRole}
    for guide in guides:
        grouped.setdefault(guide.interviewee_role, []).append(guide)
    return [{"role": role, "guides": grouped[role.value]} for role in IntervieweeRole if grouped[role.value]]
