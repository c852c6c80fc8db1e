"""The one PDF entry point: project files only, nothing fetched from anywhere else."""

import base64
import io
import logging
from urllib.parse import urljoin

import pypdf
import pytest

from quartiers2030.pdf import BASE_URL, html_to_pdf

PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def page(body, head=""):
    return (
        '<html lang="fr"><head><meta charset="utf-8"><title>Programme</title>'
        '<meta name="author" content="ORIV">'
        f'<link rel="stylesheet" href="/static/css/pdf.css">{head}</head><body>{body}</body></html>'
    )


def reader(pdf):
    return pypdf.PdfReader(io.BytesIO(pdf))


def fonts(pdf):
    return sorted(
        str(font.get_object()["/BaseFont"]).split("+")[1]
        for font in reader(pdf).pages[0]["/Resources"]["/Font"].values()
    )


def test_pdf_uses_the_shipped_fonts_and_sets_metadata():
    pdf = html_to_pdf(page("<h1>Zoé FONTIER</h1><p>Ateliers</p>"))
    assert fonts(pdf) == ["Q2030-Sans", "Q2030-Sans-Bold"]
    document = reader(pdf)
    assert (document.metadata.title, document.metadata.author) == ("Programme", "ORIV")
    assert "/StructTreeRoot" in document.trailer["/Root"]  # tagged (PDF/UA-1)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/pdf.css",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "/media/../../etc/passwd",
        "/static/../../manage.py",
        "//evil.example/x.png",
    ],
)
def test_pdf_fetcher_refuses_anything_but_project_files(url, pdf_fetches, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = html_to_pdf(page(f'<img src="{url}" alt=""><p>fin</p>'))
    assert "fin" in reader(pdf).pages[0].extract_text()
    # The image was asked for once and refused; only the project's files were served.
    assert pdf_fetches.refused == [urljoin(BASE_URL, url)]
    assert pdf_fetches.served_files == ["static/css/pdf.css"]
    # The fetcher's own refusal, as WeasyPrint logs it (not any warning about the machine).
    assert [
        record.getMessage()
        for record in caplog.records
        if "Blocked URL in a PDF" in record.getMessage()
    ] == [
        f"Failed to load image at {urljoin(BASE_URL, url)!r}: "
        f"ValueError: Blocked URL in a PDF: {urljoin(BASE_URL, url)}"
    ]


def test_pdf_accepts_inline_data_images(pdf_fetches):
    image = f"data:image/png;base64,{PNG_1PX}"
    html_to_pdf(page(f'<img src="{image}" alt="QR">'))
    assert pdf_fetches.refused == []
    assert pdf_fetches.served_files == ["static/css/pdf.css", image]


def test_pdf_untagged_for_batches():
    assert (
        "/StructTreeRoot"
        not in reader(html_to_pdf(page("<p>x</p>"), tagged=False)).trailer["/Root"]
    )
