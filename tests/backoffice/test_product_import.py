"""Marketing keeps the assortment in a spreadsheet: export, change, check what an import would do, import.
A file with any bad row changes nothing and says which row; a good one is searchable at once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cookstore.catalog import product_csv
from cookstore.catalog.models import CatalogState, Product
from cookstore.catalog.search import search_products

pytestmark = pytest.mark.django_db(transaction=True)  # the index and the catalog version follow on commit

IMPORT = reverse("admin:catalog_product_import")
EXPORT = reverse("admin:catalog_product_export")
CHANGELIST = reverse("admin:catalog_product_changelist")
HEADER = "artikelnummer;namn;pris;lager;kategori;varumärke\n"


def upload(text, name="produkter.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def check(client, text, **kwargs):
    """Post a file to the import's dry run; the page that says what the import would do."""
    return client.post(IMPORT, {"file": upload(text, **kwargs)})


def token_of(page):
    match = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    return match and match.group(1)


def catalog_state():
    return {product.sku: (product.name, product.price, product.stock, product.category_id, product.brand_id)
            for product in Product.objects.all()}


def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row(staff, pans):
    marketing = staff("Marketing")
    pan, jar = pans["pan"], pans["jar"]
    before, version = catalog_state(), CatalogState.objects.get(pk=1).version
    text = HEADER + (
        f"{pan.sku};Stekpanna gjutjärn 28 cm;1199;10;gjutjarnspannor;Nordkök\n"
        f"{jar.sku};Förvaringsburk glas 1 l;149;tolv;forvaring;Nordkök\n"
        "NY-001;Wokpanna kolstål 32 cm;899,50;4;stekpannor;Skärgårdsstål\n"
    )

    page = check(marketing, text)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Inget sparades: 1 rad har fel." in html
    assert re.search(r'<tr class="error" id="row-3">\s*<th scope="row">3</th>', html)
    assert "Lagersaldot ”tolv” är inte ett heltal från 0 till 1 000 000." in html
    assert token_of(page) is None  # nothing to import from here
    assert catalog_state() == before and CatalogState.objects.get(pk=1).version == version


def test_the_dry_run_shows_each_change_and_saves_nothing(staff, pans):
    marketing = staff("Marketing")
    pan, jar = pans["pan"], pans["jar"]
    before = catalog_state()
    text = HEADER + (
        f"{pan.sku};Stekpanna gjutjärn 28 cm;1199;10;gjutjarnspannor;Nordkök\n"
        f"{jar.sku};Förvaringsburk glas 1 l;149;50;forvaring;Nordkök\n"
        "NY-001;Wokpanna kolstål 32 cm;899,50;4;Stekpannor;Skärgårdsstål\n"
    )

    page = check(marketing, text)

    html = page.content.decode()
    assert "1 nya, 1 ändrade, 1 oförändrade, 0 med fel." in html
    assert "<del>1\u00a0299\u00a0kr</del> → <ins>1\u00a0199\u00a0kr</ins>" in html
    assert "<del>3</del> → <ins>10</ins>" in html
    assert "Ny produkt: Wokpanna kolstål 32 cm, 899,50\u00a0kr, 4 i lager" in html
    assert token_of(page)
    assert catalog_state() == before


def test_importing_a_checked_file_applies_it_and_makes_it_searchable(staff, pans):
    marketing = staff("Marketing")
    pan = pans["pan"]
    version = CatalogState.objects.get(pk=1).version
    page = check(marketing, HEADER + (
        f"{pan.sku};Stekpanna gjutjärn 28 cm;1199;10;gjutjarnspannor;Nordkök\n"
        "NY-001;Wokpanna kolstål 32 cm;899,50;4;stekpannor;Skärgårdsstål\n"
    ))

    done = marketing.post(IMPORT, {"token": token_of(page)}, follow=True)

    assert "Importerat: 1 nya produkter, 1 ändrade, 0 oförändrade." in done.content.decode()
    pan.refresh_from_db()
    assert (pan.price, pan.stock) == (119900, 10)
    wok = Product.objects.get(sku="NY-001")
    assert (wok.name, wok.price, wok.stock, wok.category.slug, wok.brand.name, wok.is_active) == (
        "Wokpanna kolstål 32 cm", 89950, 4, "stekpannor", "Skärgårdsstål", True,
    )
    assert wok.slug == "wokpanna-kolstal-32-cm"
    assert wok.pk in search_products("wokpanna", limit=10).ids
    assert CatalogState.objects.get(pk=1).version > version
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(user=marketing.user, object_id=str(wok.pk)).exists()


def test_an_exported_list_imports_unchanged(staff, pans):
    marketing = staff("Marketing")
    response = marketing.get(EXPORT)
    data = b"".join(response.streaming_content)

    assert response["Content-Type"].startswith("text/csv")
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 by this mark
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER.strip()
    assert f"{pans['pan'].sku};Stekpanna gjutjärn 28 cm;1299;3;gjutjarnspannor;Nordkök" in text
    page = marketing.post(IMPORT, {"file": SimpleUploadedFile("export.csv", data)})
    assert page.context["plan"].ok
    assert len(page.context["plan"].unchanged) == Product.objects.count()
    assert "0 nya, 0 ändrade" in page.content.decode()


def test_the_export_follows_the_lists_filters(staff, pans):
    text = b"".join(staff("Marketing").get(EXPORT, {"stock_level": "out"}).streaming_content).decode("utf-8-sig")
    assert pans["sold_out"].sku in text and pans["pan"].sku not in text


def test_a_spreadsheet_saved_by_windows_excel_with_english_headers_and_commas_is_read(staff, pans):
    jar = pans["jar"]
    text = f"sku,name,price,stock,category,brand\n{jar.sku},Förvaringsburk glas 1 l,\"159,00\",50,Förvaring,nordkök\n"
    page = check(staff("Marketing"), text, encoding="cp1252")
    [row] = page.context["plan"].rows
    assert row.action == "change" and row.values["price"] == 15900 and row.values["name"] == "Förvaringsburk glas 1 l"


@pytest.mark.parametrize("text, message", [
    ("", "Den skickade filen är tom."),  # Django's own check of the upload
    ("\n\n", "Filen är tom."),
    ("namn;pris\nX;1\n", "Första raden ska namnge kolumnerna; det saknas: artikelnummer, lager, kategori, varumärke."),
    (HEADER, "Filen har inga produkter under rubrikraden."),
    (HEADER.replace("lager", "färg"), "Kolumn 4, ”färg”, är inte en av importens kolumner."),
])
def test_a_file_that_is_no_product_list_says_so(staff, pans, text, message):
    page = check(staff("Marketing"), text)
    assert message in page.content.decode()
    assert token_of(page) is None


def test_each_bad_value_gets_its_own_message(staff, pans):
    text = HEADER + (
        "X-1;;0;-1;ingen-kategori;Okänt\n"
        "X-2;Ett namn;12,5,0;5;Stekpannor;Nordkök\n"
        "X-2;Samma nummer;10;5;stekpannor;Nordkök\n"
    )
    html = check(staff("Marketing"), text).content.decode()
    for message in ("Namn saknas.", "Priset ”0” är inte ett belopp i kronor", "Lagersaldot ”-1”",
                    "Det finns ingen kategori ”ingen-kategori”", "Det finns inget varumärke ”Okänt”",
                    "Priset ”12,5,0”", "Artikelnummer X-2 finns även på rad 3."):
        assert message in html, message
    assert Product.objects.filter(sku__startswith="X-").count() == 0


def test_a_checked_file_that_no_longer_fits_the_catalog_is_not_imported(staff, pans):
    marketing = staff("Marketing")
    page = check(marketing, HEADER + "NY-001;Wokpanna;899;4;stekpannor;Skärgårdsstål\n")
    from cookstore.catalog.models import Brand

    Brand.objects.filter(name="Skärgårdsstål").update(name="Skärgård")  # renamed meanwhile

    after = marketing.post(IMPORT, {"token": token_of(page)})

    assert "Katalogen har ändrats sedan filen kontrollerades." in after.content.decode()
    assert not Product.objects.filter(sku="NY-001").exists()


def test_a_token_that_was_tampered_with_imports_nothing(staff, pans):
    marketing = staff("Marketing")
    token = token_of(check(marketing, HEADER + "NY-001;Wokpanna;899;4;stekpannor;Skärgårdsstål\n"))
    page = marketing.post(IMPORT, {"token": token[:-3] + "abc"}, follow=True)
    assert "Den kontrollerade filen är för gammal för att importeras" in page.content.decode()
    assert not Product.objects.filter(sku="NY-001").exists()


def test_only_those_who_add_and_change_products_import_them(staff, pans):
    for role in ("Warehouse", "Customer service", "Privacy officer"):
        client = staff(role)
        assert client.get(IMPORT).status_code == 403, role
        assert client.post(IMPORT, {"file": upload(HEADER + "NY-1;A;1;1;stekpannor;Nordkök\n")}).status_code == 403
    assert not Product.objects.filter(sku="NY-1").exists()


def test_price_stock_and_status_are_edited_in_the_list_in_kronor(staff, pans):
    marketing = staff("Marketing")
    pan = pans["pan"]
    page = marketing.get(CHANGELIST, {"q": pan.sku})
    html = page.content.decode()
    assert 'name="form-0-price" value="1299"' in html
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": pan.pk, "form-0-price": "1 199,50",
        "form-0-stock": "8", "_save": "Spara",
    }

    response = marketing.post(f"{CHANGELIST}?q={pan.sku}", data)

    assert response.status_code == 302
    pan.refresh_from_db()
    assert (pan.price, pan.stock, pan.is_active) == (119950, 8, False)  # an unticked box is "not active"
    wrong = marketing.post(f"{CHANGELIST}?q={pan.sku}", {**data, "form-0-price": "mycket", "form-0-is_active": "on"})
    assert wrong.status_code == 200
    assert "Ange ett belopp i kronor, t.ex. 1 299 eller 1 299,50." in wrong.content.decode()
    pan.refresh_from_db()
    assert (pan.price, pan.is_active) == (119950, False)


def test_plans_of_large_files_read_the_catalog_in_a_few_queries(pans, django_assert_max_num_queries):
    rows = "".join(f"BULK-{number:05d};Produkt {number};{100 + number};5;forvaring;Nordkök\n" for number in range(3000))
    with django_assert_max_num_queries(12):
        plan = product_csv.plan((HEADER + rows).encode())
    assert len(plan.new) == 3000 and plan.ok
