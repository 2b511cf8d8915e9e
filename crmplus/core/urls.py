from django.contrib.auth import views as auth_views
from django.urls import path

from crmplus.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/language/", views.set_language, name="set_language"),
    path("accounts/tokens/", views.api_tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("health/", views.health, name="health"),
    path("org/", views.org_tree, name="org_tree"),
    path("org/<int:pk>/edit/", views.org_unit_edit, name="org_unit_edit"),
]
