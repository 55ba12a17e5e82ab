"""Web pages for documents (URL namespace ``corpus``): the list with upload, and the reader."""

from django.urls import path

from claims import document_views as views

app_name = "corpus"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
]
