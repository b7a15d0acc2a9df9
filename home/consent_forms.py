"""The questions every portal form that takes a video asks (学生出镜情况, 可见范围, 允许下载).

A form mixes in ``RecordingConsentFields``; its service hands ``consent_values()`` to
``home.consent.consent_record`` with the teacher as the confirming person, in the same
transaction as the video. Initial values come from the recording's current record
(``consent_initial``), so editing a work does not silently reset them.
"""

from __future__ import annotations

from django import forms

from .consent import PUPILS_CHOICES, PUPILS_CONSENTED, PUPILS_NONE, consent_of, pupils_state
from .models import RecordingAudience


class RecordingConsentFields(forms.Form):
    # Not required: forms whose video is optional (a teaching design has none) post without them,
    # and "not yet" is the safe reading of a missing answer.
    pupils = forms.ChoiceField(
        label="学生出镜情况",
        choices=PUPILS_CHOICES,
        initial="not_yet",
        required=False,
        widget=forms.RadioSelect,
        help_text="有学生出镜的录像，须取得监护人书面同意后才能按同意的范围公开。",
    )
    consent_audience = forms.ChoiceField(
        label="监护人同意的范围",
        choices=[("", "—")] + list(RecordingAudience.choices),
        required=False,
        help_text="选择“已取得监护人同意”时必填。",
    )
    visibility = forms.ChoiceField(
        label="可见范围",
        choices=RecordingAudience.choices,
        # Offered as 公开: the guardians' consent (or "no pupils") still decides, so nothing is
        # public without it, and a teacher who answers "无学生出镜" need not find a second field.
        initial=RecordingAudience.PUBLIC,
        required=False,
        help_text="实际可见范围取“可见范围”与“监护人同意的范围”中较小者。",
    )
    downloads_allowed = forms.BooleanField(label="允许下载", required=False, help_text="默认只能在线播放。")
    consent_note = forms.CharField(
        label="授权说明", max_length=200, required=False, help_text="如：家长知情同意书编号、存档位置。"
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pupils") == PUPILS_CONSENTED and not cleaned.get("consent_audience"):
            self.add_error("consent_audience", "已取得监护人同意时，请选择同意的范围。")
        return cleaned

    def consent_values(self) -> dict | None:
        """Keyword arguments for ``consent_record`` (without media, teacher and school), or None
        when the post carried none of the questions (a client that does not know them leaves the
        recording's record as it is; a new recording without a record stays in its group)."""
        if not any(name in self.data for name in self.consent_field_names):
            return None
        data = self.cleaned_data
        pupils = data.get("pupils")
        return {
            "no_pupils": pupils == PUPILS_NONE,
            "consent_audience": (data.get("consent_audience") or "") if pupils == PUPILS_CONSENTED else "",
            "visibility": data.get("visibility") or RecordingAudience.GROUP,
            "downloads_allowed": bool(data.get("downloads_allowed")),
            "note": data.get("consent_note", ""),
        }

    consent_field_names = ("pupils", "consent_audience", "visibility", "downloads_allowed", "consent_note")

    def consent_fields(self):
        """The bound fields, for a template's fieldset."""
        return [self[name] for name in self.consent_field_names]


def consent_initial(media) -> dict:
    """The form's values for a recording already uploaded."""
    consent = consent_of(media)
    if consent is None:
        return {}
    return {
        "pupils": pupils_state(consent),
        "consent_audience": consent.consent_audience,
        "visibility": consent.visibility,
        "downloads_allowed": consent.downloads_allowed,
        "consent_note": consent.note,
    }
