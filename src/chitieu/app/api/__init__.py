"""The REST API (django-ninja): the same services and scope as the pages, for machines."""
