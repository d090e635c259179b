"""Pages of credentials: download, verification and the issuer's DID document."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from aigov.capacity import selectors, signing
from aigov.capacity.forms import VerifyForm
from aigov.core.http import get_or_404, json_attachment


@login_required
def credential_download(request: HttpRequest, pk: str) -> HttpResponse:
    credential = get_or_404(selectors.credential_get, actor=request.user, pk=pk)
    return json_attachment(
        credential.document,
        filename=f"credential-{credential.pk}.json",
        content_type="application/ld+json; charset=utf-8",
    )


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = selectors.credential_verify(document=form.cleaned_data["document"])
        else:
            status = 400
    return render(request, "capacity/verify.html", {"form": form, "result": result}, status=status)


def did_document(request: HttpRequest) -> JsonResponse:
    """The issuer's DID document (did:web), published at /.well-known/did.json."""
    response = JsonResponse(signing.did_document())
    response["Access-Control-Allow-Origin"] = "*"
    return response
