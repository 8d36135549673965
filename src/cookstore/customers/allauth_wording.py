"""django-allauth's own texts that the shop words differently in Swedish ("e-post", as on every other page).

They stand here only so that ``makemessages`` puts them in the shop's catalogue, which Django reads
before allauth's (``LOCALE_PATHS`` come first). Nothing imports this module.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email Address"),
    gettext_noop("Email Addresses"),
    gettext_noop("Add Email"),
    gettext_noop("Current email"),
    gettext_noop("Email Changed"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to "
        "reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
)
