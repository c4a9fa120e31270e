from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .services import user_set_language


@require_POST
def language_switch(request):
    """Django's set_language, remembering the choice on the account so e-mails follow it."""
    response = set_language(request)
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response
