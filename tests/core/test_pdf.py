"""Thai PDFs embed Sarabun from the wheel and keep the Thai text."""

import subprocess

from django.template import engines

from crmplus.core import pdf


def test_it_renders_thai_with_the_sarabun_font(tmp_path, monkeypatch):
    template = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}<h1>รายงานการให้บริการ</h1>'
        "<p>ลูกค้ารายใหญ่ กฟภ.</p>{% endblock %}"
    )
    monkeypatch.setattr(pdf, "render_to_string", lambda name, ctx: template.render(ctx))
    data = pdf.render_pdf("ignored.html", {})
    assert data.startswith(b"%PDF")
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "รายงานการให้บริการ" in text
