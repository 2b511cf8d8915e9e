from django.urls import path

from crmplus.keyaccounts import views, views_lists, views_runs

app_name = "keyaccounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rules, name="rules"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run"),
    path("runs/<int:pk>/accounts/", views_runs.accounts, name="accounts"),
    path("runs/<int:pk>/accounts/<int:cid>/", views_runs.candidate_detail, name="candidate"),
    path("runs/<int:pk>/offices/", views_runs.offices, name="offices"),
    path("runs/<int:pk>/compare/", views_runs.compare, name="compare"),
    path("lists/<int:pk>/", views_lists.list_detail, name="list"),
]
