"""A dataset's upload page, shared by the modules' import pages: the file is checked first
(every problem by row and column, nothing written) and applied only when no row has a problem,
all rows in one transaction (`flow`). The page's template includes
`core/_dataset_import.html`."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from aigov.core.errors import DomainError
from aigov.core.exchange.files import FileFormat
from aigov.core.exchange.flow import dataset_import
from aigov.core.exchange.registry import dataset_get
from aigov.core.http import error_text

MAX_UPLOAD_BYTES = 40 * 1024 * 1024


class DatasetUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Catalogue file (CSV, XLSX or JSON)"),
        help_text=_("The columns of the download; rows are matched by slug."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file; change nothing"), required=False, initial=True
    )

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 40 MB."))
        return upload


def import_page(
    request: HttpRequest, *, slug: str, template: str, context: Mapping[str, Any] | None = None
) -> HttpResponse:
    """Show the upload form of dataset `slug`; on a POST, import the file as the request's user
    (400 when the file or a row has a problem)."""
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            report = dataset_import(
                actor=request.user,
                slug=slug,
                content=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
            )
        except DomainError as error:
            form.add_error("upload", error_text(error))
    importer = dataset_get(slug).importer
    page = {
        **(context or {}),
        "form": form,
        "report": report,
        "columns": importer.columns if importer else (),
        "formats": [f.value for f in FileFormat],
    }
    status = 400 if (request.method == "POST" and (report is None or report.errors)) else 200
    return render(request, template, page, status=status)
