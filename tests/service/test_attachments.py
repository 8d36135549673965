"""Attachments: checked by content, images re-encoded without EXIF, sealed outside the web root,
served only to the case's customer and to staff with the role; bad uploads store nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cookstore.service import attachments
from cookstore.service.models import Attachment, Case
from tests.service.conftest import PDF, jpeg_with_gps, png_bytes

pytestmark = pytest.mark.django_db


def post_with(client, *files, **fields):
    data = {"topic": "product", "email": "gustav.ek@example.se", "message": "Se bilagan.", **fields}
    if files:
        data["files"] = list(files)
    return client.post(reverse("service:contact"), data)


def stored_files(settings):
    folder = settings.SERVICE_ATTACHMENTS_DIR
    return list(folder.iterdir()) if folder.exists() else []


def test_a_photo_loses_its_exif_and_gps_and_is_sealed_on_disk(client, settings):
    original = jpeg_with_gps()
    response = post_with(client, SimpleUploadedFile("panna.jpg", original, "image/jpeg"))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    [path] = stored_files(settings)
    assert path.name == attachment.stored_name and "panna" not in path.name
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    on_disk = path.read_bytes()
    assert b"\xff\xd8" not in on_disk[:4] and b"SERIAL-4711" not in on_disk  # sealed, not a JPEG
    served = client.get(response["Location"] + f"bilaga/{attachment.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(served.content))
    assert image.size == (64, 48)
    assert not image.getexif() and b"SERIAL-4711" not in served.content and b"Exif" not in served.content


def test_a_pdf_is_kept_as_sent_and_downloaded_never_shown_inline(client):
    response = post_with(client, SimpleUploadedFile("kvitto.pdf", PDF, "application/pdf"))

    attachment = Attachment.objects.get()
    served = client.get(response["Location"] + f"bilaga/{attachment.pk}/")
    assert served.content == PDF
    assert served["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("upload, message", [
    (("skript.jpg", b"<script>alert(1)</script>", "image/jpeg"), "inte en bild eller PDF"),
    (("program.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"), "inte en bild eller PDF"),
    (("dokument.docx", b"PK\x03\x04" + b"\x00" * 100, "application/pdf"), "inte en bild eller PDF"),
    (("fel.pdf", b"%PDF-1.7\n/OpenAction << /S /JavaScript /JS (app.alert(1)) >>\n%%EOF", "application/pdf"),
     "skript"),
    (("tom.jpg", b"", "image/jpeg"), "tom"),
])
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_stored(client, settings, upload, message):
    name, content, content_type = upload
    response = post_with(client, SimpleUploadedFile(name, content, content_type))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(client, settings):
    settings.SERVICE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = io.BytesIO()
    Image.effect_noise((900, 900), 100).convert("RGB").save(big, format="PNG")
    assert len(big.getvalue()) > settings.SERVICE_ATTACHMENT_MAX_BYTES

    response = post_with(client, SimpleUploadedFile("stor.png", big.getvalue(), "image/png"))

    assert "för stor" in response.content.decode()
    assert not Case.objects.exists() and stored_files(settings) == []


def test_one_bad_file_among_good_ones_stores_none_of_them(client, settings):
    response = post_with(
        client, SimpleUploadedFile("bra.png", png_bytes(), "image/png"),
        SimpleUploadedFile("dålig.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg"),
    )
    assert response.status_code == 200
    assert not Case.objects.exists() and stored_files(settings) == []


def test_too_many_files_are_refused(client, settings):
    files = [SimpleUploadedFile(f"b{i}.png", png_bytes(), "image/png") for i in range(attachments.MAX_FILES + 1)]
    response = post_with(client, *files)
    assert "Högst 5 filer" in response.content.decode()
    assert not Case.objects.exists()


def test_an_attachment_is_404_to_other_customers_and_readable_by_customer_service(client, client_factory, staff):
    response = post_with(client, SimpleUploadedFile("a.png", png_bytes(), "image/png"))
    attachment = Attachment.objects.get()
    case = Case.objects.get()
    own = response["Location"] + f"bilaga/{attachment.pk}/"

    tampered = own.replace("/a/", "/a/x", 1)
    assert client_factory().get(tampered).status_code == 404
    other_case = post_with(client_factory(), email="x@example.se")["Location"]
    assert client.get(other_case + f"bilaga/{attachment.pk}/").status_code == 404
    admin_url = reverse("admin:service_case_attachment", args=[case.pk, attachment.pk])
    assert staff("Customer service").get(admin_url).status_code == 200
    assert staff("Warehouse").get(admin_url).status_code in {403, 404}


def test_the_staff_page_links_the_attachment(client, staff):
    post_with(client, SimpleUploadedFile("a.png", png_bytes(), "image/png"))
    case, attachment = Case.objects.get(), Attachment.objects.get()

    page = staff("Customer service").get(reverse("admin:service_case_change", args=[case.pk])).content.decode()

    assert reverse("admin:service_case_attachment", args=[case.pk, attachment.pk]) in page
