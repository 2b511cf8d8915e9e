from django.urls import path

from crmplus.billing import views

app_name = "billing"

urlpatterns = [
    path("", views.extract_list, name="list"),
    path("upload/", views.extract_upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/", views.extract_detail, name="detail"),
    path("<int:pk>/months/", views.extract_months, name="months"),
    path("<int:pk>/delete/", views.extract_delete, name="delete"),
]
