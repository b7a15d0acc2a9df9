from django.db import migrations


def install_framework(apps, schema_editor):
    from research.framework import install

    install(
        apps.get_model("research", "CapabilityDimension"),
        apps.get_model("research", "LevelDescriptor"),
        apps.get_model("home", "TeacherStage"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("home", "0012_recording_consent"),
    ]

    operations = [migrations.RunPython(install_framework, migrations.RunPython.noop)]
