from django.urls import path

from crmplus.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/history/", views.customer_history, name="history"),
    path("<int:pk>/accounts/new/", views.account_edit, name="account_create"),
    path("<int:pk>/accounts/<int:ca_pk>/edit/", views.account_edit, name="account_edit"),
    path("<int:pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
]
