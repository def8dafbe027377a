from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model


class AuthenticationBackend(AllauthBackend):
    """allauth's backend, the only one: every attempt costs exactly one password hash.

    allauth hashes once whether or not the address has an account (with Django's
    ModelBackend listed as well, a failed attempt was hashed by both). It finds
    accounts through their allauth addresses or an exact `User.email`; an account
    made by `createsuperuser` or the admin keeps the capitals of its address and has
    no allauth address, so it is also looked up case-insensitively, as Django's
    backend did (emails are unique case-insensitively).
    """

    def _authenticate_by_email(self, email, password):
        user = super()._authenticate_by_email(email, password)
        if (
            user is not None
            or self._did_check_password
            or not email
            or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS
        ):
            return user
        found = get_user_model()._default_manager.filter(email__iexact=email).first()
        return self._check_password(found, password)
