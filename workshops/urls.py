"""Actions of the workshops app (教师工作坊 · 个人空间 · 自主创建): POST only, included under
``/workshops/`` by ``rtpt_site.urls`` before Wagtail's page serving. The pages themselves (and
everything only read) are routes of ``WorkshopIndexPage`` and ``WorkshopPage``. 我的作品 (a
teacher's works, ``views.works``) is a set of plain views here: its forms carry uploads and
re-render with their errors, which page routes and redirect-with-message actions cannot."""

from django.urls import path

from .views import personal_space, proposals, same_lesson, works, workshop

app_name = "workshops"

urlpatterns = [
    path("me/inbox/", works.inbox, name="inbox"),
    path("me/inbox/email/", works.inbox_email, name="inbox_email"),
    path("me/works/", works.works_list, name="works"),
    path("me/works/new/", works.work_new, name="work_new"),
    path("me/works/<int:work_id>/", works.work_detail, name="work_detail"),
    path("me/works/<int:work_id>/edit/", works.work_edit, name="work_edit"),
    path("me/works/<int:work_id>/preview/", works.work_preview, name="work_preview"),
    path("me/works/<int:work_id>/submit/", works.work_submit, name="work_submit"),
    path("me/works/<int:work_id>/withdraw/", works.work_withdraw, name="work_withdraw"),
    path("me/plan/", personal_space.personal_plan, name="personal_plan"),
    path("me/journal/", personal_space.journal_add, name="journal_add"),
    path("proposals/submit/", proposals.propose, name="propose"),
    path("proposals/<int:proposal_id>/decide/", proposals.proposal_decide, name="proposal_decide"),
    path("<int:workshop_id>/join/", workshop.join, name="join"),
    path("<int:workshop_id>/invite/", workshop.invite, name="invite"),
    path("<int:workshop_id>/members/bulk/", workshop.members_bulk, name="members_bulk"),
    path("<int:workshop_id>/members/<int:membership_id>/<str:action>/", workshop.member_action, name="member_action"),
    path("<int:workshop_id>/plan/", workshop.plan, name="plan"),
    path("<int:workshop_id>/activities/add/", workshop.activity_add, name="activity_add"),
    path("<int:workshop_id>/activities/<int:activity_id>/signup/", workshop.activity_signup, name="activity_signup"),
    path(
        "<int:workshop_id>/activities/<int:activity_id>/attendance/",
        workshop.activity_attendance,
        name="activity_attendance",
    ),
    path("<int:workshop_id>/activities/<int:activity_id>/summary/", workshop.activity_summary, name="activity_summary"),
    path("<int:workshop_id>/activities/<int:activity_id>/entry/", same_lesson.entry, name="same_lesson_entry"),
    path(
        "<int:workshop_id>/activities/<int:activity_id>/showcase/",
        same_lesson.showcase_case,
        name="same_lesson_case",
    ),
    path("<int:workshop_id>/threads/add/", workshop.thread_add, name="thread_add"),
    path("<int:workshop_id>/threads/<int:thread_id>/reply/", workshop.thread_reply, name="thread_reply"),
    path("<int:workshop_id>/push/", workshop.push, name="push"),
    path("<int:workshop_id>/share/", workshop.share, name="share"),
    path("<int:workshop_id>/files/add/", workshop.file_add, name="file_add"),
]
