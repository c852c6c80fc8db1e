"""Small images made on the fly for the identity tests (logos, signatures)."""

import io

from django.core.files.base import ContentFile


def image_bytes(image_format="PNG", size=(240, 80), colour=(31, 78, 121)) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format=image_format)
    return output.getvalue()


def image_file(name="logo.png", image_format="PNG", **kwargs) -> ContentFile:
    return ContentFile(image_bytes(image_format, **kwargs), name=name)
