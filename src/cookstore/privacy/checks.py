"""System checks of the privacy app: a privacy policy version is published (consent records name it)."""

from django.core.checks import Error

from . import policy_versions


def check_policy_published(app_configs=None, **kwargs):
    if policy_versions.latest_version() is None:
        return [
            Error(
                f"No privacy policy version is published in {policy_versions.HISTORY_FILE}.",
                hint="Run `manage.py publish_policy_version` and commit the file.",
                id="privacy.E001",
            )
        ]
    return []
