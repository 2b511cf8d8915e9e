from django.urls import path

from crmplus.customers import views, views_import  # views_import: customers import/export

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("offices/", views.office_options, name="office_options"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/history/", views.customer_history, name="history"),
    path("<int:pk>/accounts/new/", views.account_edit, name="account_create"),
    path("<int:pk>/accounts/<int:ca_pk>/edit/", views.account_edit, name="account_edit"),
    path("<int:pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    # Import and export (customers import/export).
    path("import/", views_import.import_page, name="import"),
    path("import/template.<str:fmt>", views_import.import_template, name="import_template"),
    path("import/<int:pk>/", views_import.import_job, name="import_job"),
    path("import/<int:pk>/report/", views_import.import_report, name="import_report"),
    path("export.xlsx", views_import.customer_export, name="export"),
]
