"""App configuration."""

from django.apps import AppConfig


class ReportPagesConfig(AppConfig):
    """The page where an official generates the documents and downloads them."""

    name = "chitieu.app.reports"
    label = "reportpages"
    verbose_name = "Văn bản, báo cáo"
