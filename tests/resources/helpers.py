from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ResourceFactory

# The first bytes of each allowed type, then some filler: enough for the signature checks.
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 16
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16
ZIP = b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 16
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def file_resource(name="diaporama.pdf", content=PDF, **kwargs):
    """A resource holding an uploaded file (created directly: no validation on this path)."""
    return ResourceFactory(url="", file=SimpleUploadedFile(name, content), **kwargs)
