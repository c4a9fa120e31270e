from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("langue/", views.language_switch, name="language_switch"),
    path("mon-compte/e-mails/", views.email_preferences, name="email_preferences"),
]
