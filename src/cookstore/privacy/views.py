"""The public privacy policy: the current version, every earlier version, and the list of versions."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from . import policy, policy_versions


def _page(request, entry, *, current):
    context = {
        "entry": entry,
        "body": policy.display(entry, get_language()),
        "current": current,
        "valid_until": policy.valid_until(entry),
        "latest": policy_versions.latest(),
        "version_count": len(policy_versions.entries()),
        # Search engines show the policy in force (urls.INDEXABLE_PAGES); old versions are for the record.
        "indexable": current,
    }
    return render(request, "privacy/policy.html", context)


def policy_page(request):
    entry = policy_versions.latest()
    if entry is None:
        raise Http404("no policy version is published")
    return _page(request, entry, current=True)


def policy_version(request, version):
    entry = policy_versions.find(version)
    if entry is None:
        raise Http404("no such policy version")
    if entry.version == policy_versions.latest_version():
        return redirect("privacy:policy")
    return _page(request, entry, current=False)


def policy_versions_page(request):
    versions = list(reversed(policy_versions.entries()))
    rows = [
        {"entry": entry, "until": versions[index - 1].date if index else None, "current": index == 0}
        for index, entry in enumerate(versions)
    ]
    return render(request, "privacy/policy_versions.html", {"rows": rows})
