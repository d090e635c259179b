"""/.well-known/ (outside the language prefix): the issuer's did:web document."""

from django.urls import path

from aigov.capacity import views

urlpatterns = [path("did.json", views.did_document, name="did-document")]
