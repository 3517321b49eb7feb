"""Django app configuration of the portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "scoring.portal"
    label = "portal"
    verbose_name = "Cổng thông tin chấm điểm"
    default_auto_field = "django.db.models.BigAutoField"
