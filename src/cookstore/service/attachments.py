"""Attachments to cases: checked by their content, images re-encoded, sealed, kept outside the web root.

What a customer uploads is never stored as sent. An image is decoded by Pillow and encoded anew
as JPEG or PNG, which leaves behind everything but the pixels (EXIF, GPS position, camera serial
numbers, embedded scripts or trailing data). A PDF must start with the PDF signature and may not
carry JavaScript or launch actions. The bytes are then sealed with the field-encryption key
(``core.crypto``) and written under ``SERVICE_ATTACHMENTS_DIR`` with a random name: the file
name says nothing, and a copy of the folder without the keys reveals nothing.
"""

import base64
import io
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cookstore.core import crypto

CONTEXT = "service.attachment.content"
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb, not a photo of a pan
MAX_SIDE = 2400  # what staff need to judge a fault; larger photos are scaled down
MAX_FILES = 5
PDF_SIGNATURE = b"%PDF-"
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile")


class AttachmentRefused(ValueError):
    """The upload cannot be taken; the message is for the customer, in their language."""


def _folder():
    folder = Path(settings.SERVICE_ATTACHMENTS_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _reencode_image(data):
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
                raise AttachmentRefused(_("Please send a photo (JPEG or PNG) or a PDF."))
            if probe.width * probe.height > MAX_PIXELS:
                raise AttachmentRefused(_("The picture is too large. Please send a smaller photo."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF is gone
            keep_alpha = image.mode in {"RGBA", "LA", "P"} and image.format != "JPEG"
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if keep_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                return out.getvalue(), "image/png"
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue(), "image/jpeg"
    except AttachmentRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise AttachmentRefused(_("The file is not a picture or PDF we can open.")) from None


def _check_pdf(data):
    if not data.startswith(PDF_SIGNATURE) or b"%%EOF" not in data[-2048:]:
        raise AttachmentRefused(_("The file is not a picture or PDF we can open."))
    if any(marker in data for marker in PDF_ACTIVE_CONTENT):
        raise AttachmentRefused(_("PDF files with scripts or embedded files cannot be sent. Please print it to a new PDF."))
    return data, "application/pdf"


def clean(upload):
    """Read and check one uploaded file; returns (bytes to store, content type) or raises AttachmentRefused.

    Nothing is written here: a form with one bad file stores none of its files.
    """
    limit = settings.SERVICE_ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise AttachmentRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise AttachmentRefused(_("The file is too large: at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    if not data:
        raise AttachmentRefused(_("The file is empty."))
    if data.startswith(PDF_SIGNATURE):
        return _check_pdf(data)
    return _reencode_image(data)


def store(data):
    """Seal and write checked bytes; returns the random stored name."""
    name = secrets.token_hex(20)
    sealed = crypto.encrypt(base64.b64encode(data).decode("ascii"), CONTEXT)
    path = _folder() / name
    with open(path, "x", encoding="ascii") as handle:
        handle.write(sealed)
    path.chmod(0o600)
    return name


def read(stored_name):
    """The original (checked) bytes of a stored attachment."""
    sealed = (_folder() / Path(stored_name).name).read_text(encoding="ascii")
    return base64.b64decode(crypto.decrypt(sealed, CONTEXT))


def delete(stored_names):
    """Remove stored files (after their rows are gone); missing files are fine."""
    folder = _folder()
    for name in stored_names:
        (folder / Path(name).name).unlink(missing_ok=True)
