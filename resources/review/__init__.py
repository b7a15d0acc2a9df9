"""审核与推优: review and recommendation of generated resources, school to province.

Design
------
The path of a work has two halves that behave differently, so they are modelled differently.

1. **School review (校内审核) is a Wagtail workflow.** It acts on *unpublished revisions*:
   the author submits, a reviewer approves (Wagtail then publishes the revision as that
   reviewer), requests changes (Wagtail's ``reject``: the workflow waits in "needs changes"
   and the author resubmits) or rejects for good. The task type is
   :class:`~resources.review.models.ScopedReviewTask`, region-aware unlike Wagtail's
   ``GroupApprovalTask``: who may act is computed from the work's school and region and
   from the reviewer's profile (:mod:`resources.review.scope`), with recusal built in.
   Wagtail has no final "rejected" outcome, so the extra ``refuse`` action ends the
   workflow (cancelled) and sets ``GeneratedResourcePage.review_status = rejected``;
   a rejected work can no longer be edited or resubmitted by its author.

2. **Recommendation (推优) is services + the** :class:`~resources.review.models.Recommendation`
   **model.** It acts on works that are *already published*: a Wagtail workflow on a live
   page would publish whatever draft edits the author has pending on approval, and a page
   may have only one workflow at a time, so a nomination would block the author's next
   edit review. A ``Recommendation`` row is one step up the ladder (county, city,
   province) with its own status (pending, accepted, declined, withdrawn).

Every decision of either half is written to :class:`~resources.review.models.ReviewDecision`
(who, when, level, decision, comment), which is the history shown to authors and reviewers,
and produces notifications (:class:`~resources.review.models.ReviewNotification`, the
in-site inbox, plus an email sent by ``resources.tasks.review_notification_send`` after commit).

Permissions are scoped per page by :class:`~resources.review.permissions.ResourcePermissionTester`
(returned by ``GeneratedResourcePage.permissions_for_user``): Wagtail group permissions on the
library say *what* a role may do, the tester adds *where* (own work, own school, own region).
Publishing a never-published work is only possible as the approving step of school review,
so every approval publishes and nothing is published around the review.

The county library (区县资源库) is a route on the library page, ``/library/county/<region id>/``,
listing the county's works that reached 县级优秀 or higher.
"""
