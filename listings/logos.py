"""Company logos: every upload is decoded, checked, shrunk to LOGO_SIZE and saved again
as a PNG that we wrote. What the uploader sent (its name, metadata, any bytes after the
image) is never stored or served; pages load a few kilobytes, not a 2 MB original."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_SIZE = 192  # pixels: the company page shows 96 CSS pixels (cards 32), sharp at 2x density
LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "GIF": "GIF"}
# A small file can hold a huge image (a "decompression bomb"): refuse before decoding it.
MAX_PIXELS = 25_000_000


def logo_upload_to(instance, filename):
    """A fresh random name: logos are public, their names should say nothing."""
    return f"logos/{secrets.token_hex(8)}.png"


def logo_reencoded(upload):
    """A ContentFile with `upload` as a PNG fitting LOGO_SIZE x LOGO_SIZE, or ValidationError."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise ValidationError(
                    "Upload the logo as PNG, JPEG, WebP or GIF.", code="invalid_image_format"
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "This image is %(width)s×%(height)s pixels: upload one of at most 5000×5000.",  # noqa: RUF001
                    code="image_too_large",
                    params={"width": width, "height": height},
                )
            image.seek(0)  # an animated GIF: its first frame
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA")
            image.thumbnail((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This file is not an image we can read. Upload the logo as PNG, JPEG, WebP or GIF.",
            code="invalid_image",
        ) from error
    upload.seek(0)
    return ContentFile(out.getvalue(), name="logo.png")
