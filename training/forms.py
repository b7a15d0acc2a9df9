"""Forms of training: the checked media upload form (admin) and the front-end forms."""

from __future__ import annotations

from wagtailmedia.forms import BaseMediaForm

from django import forms

from home.models import Stage

from .services import UploadRejected, VideoProbe, media_check_upload, media_limit_seconds
from .tasks import video_probe_upload


def probe_here(path: str) -> VideoProbe:
    """ffprobe through the Celery task ``training.video_probe_upload``, applied synchronously:
    the upload is a temporary file on this web host, and the form must answer before the media
    record is written."""
    return VideoProbe(**video_probe_upload.apply(args=[path]).get())


class CheckedMediaForm(BaseMediaForm):
    """wagtailmedia's form (``WAGTAILMEDIA["MEDIA_FORM_BASE"]``) with real checks.

    Duration, width and height are measured with ffprobe and never taken from the form;
    a file that is not audio/video by content, corrupt, oversized or (for a micro-lecture)
    over the stage's limit is refused before the media record is saved.
    """

    purpose = forms.ChoiceField(
        label="用途",
        choices=[("micro_lecture", "微课（受时长上限约束）"), ("recording", "课堂实录或其他（不限时长）")],
        initial="micro_lecture",
        required=False,
    )
    stage = forms.ModelChoiceField(
        label="学段",
        queryset=Stage.objects.all(),
        required=False,
        help_text="按学段适用不同的微课时长上限；留空用默认上限。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("duration", "width", "height"):
            self.fields.pop(name, None)
        if self.instance.type == "audio":
            self.fields.pop("purpose", None)
            self.fields.pop("stage", None)

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("file")
        if uploaded is None or "file" not in self.changed_data:
            return cleaned
        limit = None
        if self.instance.type == "video":
            limit = media_limit_seconds(purpose=cleaned.get("purpose") or "micro_lecture", stage=cleaned.get("stage"))
        try:
            probe = media_check_upload(
                uploaded=uploaded, media_type=self.instance.type, limit_seconds=limit, probe=probe_here
            )
        except UploadRejected as exc:
            self.add_error("file", str(exc))
            return cleaned
        self.instance.duration = probe.duration
        self.instance.width = probe.width
        self.instance.height = probe.height
        return cleaned

    def _post_clean(self):
        # A refused file leaves the model without one; wagtailmedia's model check would then
        # add a second, wrong error ("文件扩展“”是不被允许"). The form is invalid anyway.
        if self.has_error("file"):
            return
        super()._post_clean()


class SubmissionForm(forms.Form):
    text = forms.CharField(label="作业正文", widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20000)
    attachment = forms.FileField(label="附件", required=False)
