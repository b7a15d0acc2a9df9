"""Editor form of the course items with a video (微课, 课堂实录)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class CourseItemPageForm(WagtailAdminPageForm):
    """A user puts on a page only a video they may see themselves: their own upload, or one of
    the people they oversee (``training.media_admin.media_visible_to``), or the video the page
    already has. Posting another user's media id would otherwise publish a colleague's or
    another county's private recording with this page. Superusers are exempt."""

    def clean(self):
        cleaned = super().clean()
        video = cleaned.get("video")
        user = self.for_user
        if video is None or user is None or user.is_superuser:
            return cleaned
        if self.instance.pk and type(self.instance).objects.filter(pk=self.instance.pk, video=video).exists():
            return cleaned
        from .media_admin import media_visible_to

        if not media_visible_to(user=user, media=video):
            self.add_error("video", f"只能选用您自己上传的视频：“{video.title}”不是您上传的。")
        return cleaned
