"""Company logos: shrunk and re-encoded on upload, refused with a clear message when not
a usable image, shown on cards, job and company pages, and a lettermark otherwise."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from listings.logos import LOGO_SIZE
from listings.models import Company
from tests.factories import CompanyFactory, JobFactory

pytestmark = pytest.mark.django_db


def image_upload(size=(64, 64), image_format="PNG", mode="RGB", name="Our Logo (final).png"):
    buffer = io.BytesIO()
    Image.new(mode, size, "navy" if mode == "RGB" else 1).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def company_data(**overrides):
    return {"name": "Snake Oil Analytics", "website": "", "about": "", **overrides}


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_an_uploaded_logo_is_shrunk_and_stored_as_our_own_png(employer_client, image_format):
    upload = image_upload(size=(1200, 600), image_format=image_format)

    response = employer_client.post(reverse("employer:company_create"), company_data(logo=upload))

    assert response.status_code == 302
    logo = Company.objects.get().logo
    assert logo.name.startswith("logos/")
    assert logo.name.endswith(".png")
    assert "Our Logo" not in logo.name
    with Image.open(logo.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == (LOGO_SIZE, LOGO_SIZE // 2)


def test_a_small_logo_is_not_enlarged(employer_client):
    employer_client.post(reverse("employer:company_create"), company_data(logo=image_upload(size=(40, 40))))

    with Image.open(Company.objects.get().logo.path) as stored:
        assert stored.size == (40, 40)


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(employer_client):
    huge = image_upload(size=(6000, 5000), mode="1")

    response = employer_client.post(reverse("employer:company_create"), company_data(logo=huge))

    assert response.status_code == 200
    assert "This image is 6000×5000 pixels: upload one of at most 5000×5000." in response.text  # noqa: RUF001
    assert not Company.objects.exists()


def test_a_file_that_is_not_an_image_gets_a_clear_message(employer_client):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = employer_client.post(reverse("employer:company_create"), company_data(logo=fake))

    assert response.status_code == 200
    assert "Upload a valid image" in response.text
    assert not Company.objects.exists()


def test_cards_and_pages_show_the_logo(client, settings):
    company = CompanyFactory(name="Snakeworks")
    company.logo.save("x.png", image_upload(), save=True)
    job = JobFactory(published=True, company=company)

    for url in (reverse("listings:job_list"), job.get_absolute_url(), company.get_absolute_url()):
        html = client.get(url).text
        assert f'src="{company.logo.url}"' in html, url
    assert 'alt="Snakeworks logo" width="64" height="64"' in client.get(job.get_absolute_url()).text
    assert 'alt="Snakeworks logo" width="96" height="96"' in client.get(company.get_absolute_url()).text


def test_a_company_without_a_logo_gets_a_lettermark(client):
    company = CompanyFactory(name="acme data")
    job = JobFactory(published=True, company=company)

    for url in (reverse("listings:job_list"), job.get_absolute_url(), company.get_absolute_url()):
        html = client.get(url).text
        assert "logo--letter logo--hue-" in html, url
        assert 'aria-hidden="true">A</span>' in html, url
        assert '<img class="logo' not in html, url
