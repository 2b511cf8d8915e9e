from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.billing.extract import SUFFIXES
from crmplus.core.fiscal import fiscal_year, fiscal_year_choices
from crmplus.core.forms import BootstrapMixin

PARQUET_MAGIC = b"PAR1"
# Uploads through the browser; a national extract (several GB) goes through
# `manage.py billing_import` on the server instead.
DEFAULT_MAX_BYTES = 2 * 1024**3


def upload_max_bytes() -> int:
    return int(getattr(settings, "CRMPLUS_BILLING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class ExtractUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Extract file (Parquet or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".parquet,.csv"}),
    )
    fy = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Shown in lists; the file name when left empty."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["fy"].choices = fiscal_year_choices(today)
        # The usual upload is the year just closed (the HVC list is made each October).
        self.fields["fy"].initial = fiscal_year(today) - 1

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .parquet or .csv file."))
        limit = upload_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: import it with manage.py billing_import.")
                % {"mb": limit // (1024 * 1024)}
            )
        if suffix == ".parquet":
            head = upload.read(4)
            upload.seek(0)
            if head != PARQUET_MAGIC:
                raise forms.ValidationError(_("This file is not a Parquet file."))
        return upload


SORTS = {
    "fy": "fy",
    "name": "name",
    "uploaded": "uploaded_at",
    "rows": "rows",
}
DEFAULT_SORT = "-uploaded"


class ExtractFilterForm(BootstrapMixin, forms.Form):
    fy = forms.TypedChoiceField(label=gettext_lazy("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]


def order_by_of(sort: str) -> tuple[str, list[str]]:
    """The sort key the page shows and the ORDER BY it means (unknown keys: newest first)."""
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
    field = SORTS[key]
    direction = "-" if sort.startswith("-") else ""
    return sort, [f"{direction}{field}", "-id"]
