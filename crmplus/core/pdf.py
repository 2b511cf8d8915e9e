"""Thai PDFs: a Django template rendered by WeasyPrint with the Sarabun font.

Every printable document (service reports, invitation letters, the yearly
report) goes through `render_pdf`, so all of them embed the same font from the
fontpkg-sarabun wheel (no download at run time) and share the page set-up in
`templates/pdf/base.html`: A4, Sarabun, PEA purple, page numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def font_face_css() -> str:
    """@font-face rules pointing at the wheel's TTF files (file:// URLs, read locally)."""
    rules = []
    for weight, name in ((400, "Regular"), (500, "Medium"), (600, "SemiBold"), (700, "Bold")):
        path = settings.SARABUN_DIR / f"Sarabun-{name}.ttf"
        rules.append(
            f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
            f'src: url("{path.as_uri()}") format("truetype"); }}'
        )
    for weight, name in ((400, "Italic"), (700, "BoldItalic")):
        path = settings.SARABUN_DIR / f"Sarabun-{name}.ttf"
        if path.exists():
            rules.append(
                f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
                f'font-style: italic; src: url("{path.as_uri()}") format("truetype"); }}'
            )
    return "\n".join(rules)


def render_pdf(template_name: str, context: dict, lang: str = "th") -> bytes:
    """Render `template_name` (which should extend "pdf/base.html") to PDF bytes."""
    from weasyprint import HTML  # imported late: it loads Pango, slow at start-up

    with translation.override(lang):
        html = render_to_string(template_name, {**context, "font_face_css": font_face_css()})
    # base_url lets templates use relative file paths (e.g. attachments' images) safely.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
