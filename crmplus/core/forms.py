from django import forms

from crmplus.core.models import OrgUnit


class BootstrapMixin:
    """Give every widget its Bootstrap class and mark invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class OrgUnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["parent", "office_class", "name_th", "name_en", "is_active"]
