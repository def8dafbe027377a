from django.conf import settings

from accounts.social import configured_provider_ids


def site(request):
    providers = configured_provider_ids()
    return {
        "site_name": settings.SITE_NAME,
        # Sign in with GitHub/Google is offered: its keys are configured.
        "social_signin_offered": bool(providers),
        "github_signin_offered": "github" in providers,
    }
