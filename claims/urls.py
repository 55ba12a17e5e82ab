"""Web pages for claims: dashboard, claims list and page, actor page, and the review queue."""

from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/annotations/", views.annotation_add, name="annotation-add"),
    path("actors/<int:pk>/", views.actor_detail, name="actor-detail"),
    path("review/", views.review_queue, name="review"),
    path("review/claims/<int:pk>/status/", views.review_status, name="review-status"),
    path("review/claims/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("review/claims/<int:pk>/conditions/", views.review_condition, name="review-condition"),
    path("review/links/<int:pk>/", views.review_crossref, name="review-crossref"),
]
