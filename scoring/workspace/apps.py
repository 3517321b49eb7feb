"""The Django app of the round workspace (label ``workspace``)."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "scoring.workspace"
    label = "workspace"
    verbose_name = "Đợt đánh giá"
    default_auto_field = "django.db.models.BigAutoField"
