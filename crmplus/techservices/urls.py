from django.urls import path

from crmplus.techservices import views, views_customer, views_matrix

app_name = "techservices"

urlpatterns = [
    path("", views.request_list, name="home"),
    path("export.xlsx", views.request_export, name="export"),
    path("new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="detail"),
    path("requests/<int:pk>/report.pdf", views.request_pdf, name="pdf"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("exceptions/new/", views.exception_new, name="exception_new"),
    path("exceptions/<int:pk>/", views.exception_detail, name="exception"),
    path("entitlements/", views_matrix.matrix, name="matrix"),
    path("customers/<int:pk>/", views_customer.customer_tab, name="customer_tab"),
    path("customers/<int:pk>/pq/", views_customer.pq_record, name="pq_record"),
    path("pq/<int:pk>/resolve/", views_customer.pq_resolve, name="pq_resolve"),
]
