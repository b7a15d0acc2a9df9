from django.apps import AppConfig


class DiagnosisConfig(AppConfig):
    """课堂切片诊断: a teacher's lesson recording diagnosed by the 备课组 and the county 研训组 in the
    five steps of the 潼南 "问题导向+学科会诊" flow, ending in a 典型案例 in the library."""

    name = "diagnosis"
    label = "diagnosis"
    verbose_name = "课堂切片诊断"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by ``manage.py load_demo`` after regions, schools, users and resources exist.
    demo_loader = "diagnosis.demo.load_demo"
