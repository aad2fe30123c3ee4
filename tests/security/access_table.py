"""Who may open what: the access matrix that tests/security/test_access_matrix.py checks for every URL pattern.

HOW TO ADD ROWS. A new URL pattern fails the matrix test until it is classified here.

1. Find the first rule in ``RULES`` that should match it, or add one *above* any broader rule that would
   otherwise match it (the first matching rule wins). A rule matches a URL name exactly
   (``"quizzes:detail"``), or a namespace or name prefix when it ends with ``*``
   (``"wagtailsnippets_rounds_inspectionround:*"``). Unnamed patterns are matched by their route.
2. Say which roles may get a 200 from a GET of it: one of the role sets below (``EVERYONE``, ``SIGNED_IN``,
   ``ADMIN_USERS``, ``OFFICE``…) or your own set of role names from ``ROLES``. A role not in the set must
   never get a 200 (a redirect, 403, 404 or 405 are all fine). A role in the set may still get another
   status (a POST-only view answers a GET with 405); nobody may ever get a 500.
3. If the pattern takes arguments the test cannot guess, give them in ``test_access_matrix.arguments``.

The roles (see ``test_access_matrix.people``):

- ``anonymous``: not signed in.
- ``trainee``: 学员 on the fixture's round and team, the evening's audience, owner of the quiz attempt.
- ``trainee_no_round``: 学员 on no round.
- ``editor``: 编辑 managing no round.
- ``round_manager``: 编辑 named a manager of the fixture's round.
- ``reviewer``: 审核.
- ``host``: 学员 who hosts the fixture's evening series.
- ``administrator``: 管理员 (the office: rounds, hosts, content, every round's results).
- ``system_administrator``: 系统管理员 (users and roles).
- ``security_administrator``: 安全管理员 (lockouts, second factors).
- ``auditor``: 审计员 (the audit log, read only).

docs/security.md is the same matrix in words, with the selector that enforces each rule.
"""

ROLES = (
    "anonymous",
    "trainee",
    "trainee_no_round",
    "editor",
    "round_manager",
    "reviewer",
    "host",
    "administrator",
    "system_administrator",
    "security_administrator",
    "auditor",
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
#: Everyone the Wagtail admin lets in (wagtailadmin.access_admin); Wagtail's own permissions limit the rest.
ADMIN_USERS = frozenset(
    {
        "editor",
        "round_manager",
        "reviewer",
        "administrator",
        "system_administrator",
        "security_administrator",
        "auditor",
    }
)
#: The office's content and planning work (编辑, 审核, 管理员).
OFFICE = frozenset({"editor", "round_manager", "reviewer", "administrator"})
MARKERS = frozenset({"reviewer", "administrator"})
NOBODY = frozenset()

#: The fixture's team evening: its audience, its host, its round's managers and 管理员 see its pages.
EVENING = frozenset({"trainee", "host", "round_manager", "administrator"})
FOLLOWERS = frozenset({"trainee", "host", "administrator"})
HOSTS = frozenset({"host", "administrator"})
RECORD_READERS = frozenset({"host", "round_manager", "administrator"})
ROUND_READERS = frozenset({"round_manager", "administrator"})
ATTEMPT_OWNER = frozenset({"trainee"})
#: A handed-in report draft: its writer, and the markers.
DRAFT_READERS = ATTEMPT_OWNER | MARKERS

RULES: list[tuple[str, frozenset]] = [
    # --- site shell and accounts -------------------------------------------------------------------------
    ("login", EVERYONE),
    ("logout", EVERYONE),
    ("healthz", EVERYONE),
    # The admin's and Wagtail's own login pages and the resources the login page loads.
    ("wagtailadmin_login", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtailcore_login", EVERYONE),
    ("text_size", SIGNED_IN),
    # A form posted after the login ran out, kept for 重新提交: each person sees only their own (core.resubmit).
    ("resubmit", SIGNED_IN),
    ("resubmit_discard", SIGNED_IN),
    ("accounts:password_reset*", EVERYONE),
    ("accounts:*", SIGNED_IN),
    ("protected_media", SIGNED_IN),
    ("privacy:my_data", SIGNED_IN),
    ("wagtail_serve", SIGNED_IN),
    ("wagtaildocs_serve", SIGNED_IN),
    ("wagtaildocs_authenticate_with_password", SIGNED_IN),
    ("wagtailimages_serve", SIGNED_IN),
    ("wagtailcore_authenticate_with_password", SIGNED_IN),
    ("wagtailcore:*", SIGNED_IN),
    ("wagtailcore_*", SIGNED_IN),
    # --- the people's pages --------------------------------------------------------------------------------
    ("search", SIGNED_IN),
    ("search_api", SIGNED_IN),
    ("quizzes:attempt", ATTEMPT_OWNER),
    ("quizzes:question", ATTEMPT_OWNER),
    ("quizzes:submit", ATTEMPT_OWNER),
    ("quizzes:result", ATTEMPT_OWNER),
    ("quizzes:*", SIGNED_IN),
    ("reviews:card", ATTEMPT_OWNER),
    ("reviews:*", SIGNED_IN),
    ("courses:*", SIGNED_IN),
    ("readiness:dashboard", ROUND_READERS),
    ("readiness:export", ROUND_READERS),
    ("declarations:round_conflicts", ROUND_READERS),  # decided by the same people (services.decide_conflict)
    # 监督要点: a team's field pack for its members, the round's managers and 管理员 (supervision.selectors
    # .team_access); coverage per unit (who ticked) for the team's leader and deputy and the same office readers.
    ("supervision:team_pack", frozenset({"trainee", "round_manager", "administrator"})),
    ("supervision:team_pack_docx", frozenset({"trainee", "round_manager", "administrator"})),
    ("supervision:coverage", ROUND_READERS),  # the fixture's trainee is a plain member
    ("supervision:tick", NOBODY),
    # 定性练习: any published case; an answer is its author's; a round's weak categories for its readers.
    ("drills:drill", SIGNED_IN),
    ("drills:result", ATTEMPT_OWNER),
    ("drills:mine", SIGNED_IN),
    ("drills:round", ROUND_READERS),
    ("drills:*", SIGNED_IN),
    # 情景演练: a run is its player's; starting and choosing are POSTs.
    ("scenarios:run", ATTEMPT_OWNER),
    ("scenarios:start", NOBODY),
    ("scenarios:choose", NOBODY),
    # 报告写作: a draft is its writer's; a marker (审核, 管理员) reads it once handed in (report_writing.selectors
    # .readable_draft, audited); every change is a POST or a form page of the writer's; a 范文 for everyone.
    ("report_writing:draft", DRAFT_READERS),
    ("report_writing:lists", DRAFT_READERS),
    ("report_writing:report_docx", DRAFT_READERS),
    ("report_writing:feedback_docx", DRAFT_READERS),
    ("report_writing:lists_docx", DRAFT_READERS),
    ("report_writing:result", ATTEMPT_OWNER),
    ("report_writing:new_problem", ATTEMPT_OWNER),
    ("report_writing:problem", ATTEMPT_OWNER),
    ("report_writing:new_recommendation", ATTEMPT_OWNER),
    ("report_writing:recommendation", ATTEMPT_OWNER),
    ("report_writing:check", NOBODY),
    ("report_writing:submit_draft", NOBODY),
    ("report_writing:delete_draft", NOBODY),
    ("report_writing:delete_problem", NOBODY),
    ("report_writing:delete_recommendation", NOBODY),
    ("report_writing:start_exercise", NOBODY),
    ("report_writing:my_drafts", SIGNED_IN),
    ("report_writing:start_draft", SIGNED_IN),
    ("report_writing:model_report_docx", SIGNED_IN),
    # 打招呼/说情登记: a report is its reporter's and the round's leaders' (managers, 组长, 副组长) and 管理员's
    # (interference.selectors.readable_reports); 已阅 is a POST; the auditor reads every report in the admin.
    ("interference:report", frozenset({"trainee", "round_manager", "administrator"})),
    ("interference:round", ROUND_READERS),
    ("interference:acknowledge", NOBODY),
    ("interference:*", SIGNED_IN),
    ("readiness:*", SIGNED_IN),
    # 回避申报 per round: confirming is a POST; a tie found mid-round is reported by a member of the round.
    ("declarations:round_confirm", NOBODY),
    ("declarations:report_tie", ATTEMPT_OWNER),
    ("declarations:*", SIGNED_IN),
    # 学时 and 结业证明: one's own 学时; a certificate is its holder's; a lookup by code needs
    # hours.verify_certificate (编辑, 审核, 管理员); a round's 学时 for its readers; issuing and the export are POSTs.
    ("hours:mine", SIGNED_IN),
    ("hours:issue", NOBODY),
    ("hours:certificate", ATTEMPT_OWNER),
    ("hours:verify", OFFICE),
    ("hours:round", ROUND_READERS),
    ("hours:round_export", NOBODY),
    # Reminders: who is behind in a round and who was reminded (reminders.selectors, the round's readers).
    ("reminders:round", ROUND_READERS),
    # 成长档案 and 人才库: one's own record; everyone's for talent.view_profiles (管理员) and round managers.
    ("talent:me", SIGNED_IN),
    ("talent:search", ROUND_READERS),
    ("talent:person", ROUND_READERS),  # the trainee asking for their own record is sent to /talent/me/
    ("talent:person_specialisms", NOBODY),
    # 夜学: the evening of the fixture is for one team (the trainee's); see studysessions.schedule.selectors.
    ("studysessions:list", SIGNED_IN),
    ("studysessions:calendar", SIGNED_IN),
    ("studysessions:feed", EVERYONE),  # the secret address is the key; no login (calendar apps)
    ("studysessions:detail", EVENING),
    ("studysessions:sign_in", EVENING),
    ("studysessions:state", EVENING),
    ("studysessions:make_up", EVENING),
    ("studysessions:follow", FOLLOWERS),
    ("studysessions:live_answer", FOLLOWERS),
    ("studysessions:drill_answer", FOLLOWERS),  # a POST of the room's 定性 drill (studysessions.room.services)
    ("studysessions:scenario_vote", FOLLOWERS),  # a POST: a vote at the room's 情景演练 step
    ("studysessions:present", HOSTS),
    ("studysessions:control", HOSTS),
    ("studysessions:sign_in_code", HOSTS),
    # 演练: the host rehearses the room and the QR sign-in; nothing is recorded (studysessions.rehearsal).
    ("studysessions:rehearsal", HOSTS),
    ("studysessions:rehearsal_control", HOSTS),
    ("studysessions:rehearsal_sign_in_code", HOSTS),  # a 404 while no rehearsal runs
    ("studysessions:rehearsal_sign_in", EVENING),
    ("studysessions:roster", HOSTS),
    ("studysessions:minutes", HOSTS),
    ("studysessions:record", RECORD_READERS),
    # --- our admin pages ---------------------------------------------------------------------------------
    ("editor_guide", ADMIN_USERS),  # the editor guide (docs/editor-guide.zh.md) behind the admin login
    ("quizzes_marking", MARKERS),
    # A marker opens only attempts of the members of rounds they manage (quizzes.selectors.marking_user_ids);
    # the fixture's reviewer manages none, the attempt's taker is on the fixture's round.
    ("quizzes_mark_attempt", frozenset({"administrator"})),
    # 定性阅卷: the sentences of every drill, for holders of drills.mark_drill_sentence (审核, 管理员).
    ("drills_marking", MARKERS),
    ("drills_mark_sentence", MARKERS),
    # 报告阅卷: handed-in report drafts, for holders of report_writing.mark_report_draft (审核, 管理员).
    ("report_writing_marking", MARKERS),
    ("report_writing_mark_draft", MARKERS),
    # 脱敏检查 of a page: whoever may edit it (the fixture's case page: the office); clearing is a POST.
    ("desensitisation_page_check", OFFICE),
    ("desensitisation_clear", NOBODY),
    ("desensitisation_withdraw", NOBODY),
    # 内容包: the office's content work; writes are POSTs (approve and clear for 审核/管理员, checked in exporting).
    ("packages:index", OFFICE),
    ("packages:export_new", OFFICE),
    ("packages:export_detail", OFFICE),
    ("packages:export_download", OFFICE),
    ("packages:import_new", OFFICE),
    ("packages:import_detail", OFFICE),
    ("packages:*", NOBODY),
    # 批量导入成员: a round's managers and 管理员 (rounds.selectors.rounds_visible_to); check, confirm and
    # re-issuing an initial password are POSTs.
    ("rounds_enrolment_index", ROUND_READERS),
    ("rounds_enrolment_round", ROUND_READERS),
    ("rounds_enrolment_template", ROUND_READERS),
    ("rounds_enrolment_*", NOBODY),
    ("quizzes_*", OFFICE),  # reports and exports are scoped by data (quizzes.selectors.result_user_ids)
    ("regulation_import*", OFFICE),
    ("studysessions_admin_*", OFFICE),
    # 修订影响清单: the office's list; its actions are POSTs that send the editor back to it.
    ("revision_impact_list", OFFICE),
    ("revision_impact_*", NOBODY),
    ("accounts_admin_*", frozenset({"security_administrator"})),
    ("audit_*", frozenset({"auditor"})),
    ("interference_audit_list*", frozenset({"auditor"})),
    ("privacy_*", frozenset({"administrator", "system_administrator"})),
    # Users and roles: 系统管理员 only (core.staff; 管理员 no longer manages accounts).
    ("wagtailusers_users:*", frozenset({"system_administrator"})),
    ("wagtailusers_groups:*", frozenset({"system_administrator"})),
    # Snippets: the office's (each app's roles migration grants them).
    ("wagtailsnippets_*", OFFICE),
    # Snippet choosers: those who edit content (core.choosers.may_choose); the 三员 get a 403.
    ("wagtailsnippetchoosers_*", OFFICE),
    # Wagtail's own admin: anyone let into the admin; Wagtail's permission policies decide the rest.
    ("wagtailadmin_*", ADMIN_USERS),
    ("wagtailadmin:*", ADMIN_USERS),
    ("wagtailadmin_api:*", ADMIN_USERS),
    ("wagtailimages*", ADMIN_USERS),
    ("wagtaildocs*", ADMIN_USERS),
    ("wagtailembeds*", ADMIN_USERS),
    ("wagtailforms*", ADMIN_USERS),
    ("wagtailsettings*", ADMIN_USERS),
    ("wagtailsnippets:*", ADMIN_USERS),
    ("wagtail_bulk_action", ADMIN_USERS),
    ("wagtailredirects*", frozenset({"administrator"})),
    ("wagtailsites*", NOBODY),
    # Unnamed catch-alls of the admin (its 404 page and the fallback).
    ("admin/test404/", ADMIN_USERS),  # Wagtail's 404 page, rendered for admin users
    ("admin/^.*/$", NOBODY),
]


def allowed_roles(name: str) -> frozenset | None:
    """The roles that may get a 200 from this URL name (or unnamed route); None when no rule matches."""
    for pattern, roles in RULES:
        if pattern.endswith("*") and name.startswith(pattern[:-1]):
            return roles
        if name == pattern:
            return roles
    return None
