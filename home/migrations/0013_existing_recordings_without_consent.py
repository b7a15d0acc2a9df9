"""Every recording uploaded before consent records existed gets one saying "no consent yet".

Nothing is public by default: a record without guardians' consent keeps a recording inside its
group (``home.consent``), exactly as no record would. The rows are written anyway so that the
admin's 视频授权 listing shows these recordings under 未授权公开, where editors find what to
confirm; the note says where the row came from. Reversing removes only these untouched rows.
"""

from django.db import migrations

NOTE = "系统迁移：上线前已有的视频，尚未确认授权"


def hold_back_existing(apps, schema_editor):
    Media = apps.get_model("wagtailmedia", "Media")
    RecordingConsent = apps.get_model("home", "RecordingConsent")
    missing = Media.objects.filter(type="video", consent__isnull=True).values_list("pk", flat=True)
    RecordingConsent.objects.bulk_create(
        [RecordingConsent(media_id=pk, visibility="group", consent_audience="", note=NOTE) for pk in missing],
        batch_size=500,
    )


def remove_untouched(apps, schema_editor):
    RecordingConsent = apps.get_model("home", "RecordingConsent")
    RecordingConsent.objects.filter(note=NOTE, confirmed_by__isnull=True, consent_audience="", no_pupils=False).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0012_recording_consent")]

    operations = [migrations.RunPython(hold_back_existing, remove_untouched)]
