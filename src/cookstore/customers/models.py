"""Accounts for customers and staff.

A project-owned user model from the first migration, so accounts can grow (encrypted e-mail,
saved addresses, remember-me) without swapping the user model later.
"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
