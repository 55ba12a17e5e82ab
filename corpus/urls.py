"""Web pages for documents: the list with search and upload, and the reader."""

from django.urls import path

from corpus import views

app_name = "corpus"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
]
