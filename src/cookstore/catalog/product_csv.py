"""Products as a spreadsheet: export to CSV, and an import that first shows what it would change.

A file has one product per row, found by its article number: name, price incl. VAT in kronor, stock,
category (its slug or its name) and brand (its name). ``plan`` reads a file and compares it with the
catalog without writing anything (the dry run); ``services.import_products`` applies a plan without a
single error, all rows in one transaction. Rows are numbered as a spreadsheet shows them: the header
is row 1.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cookstore.core.money import format_sek, parse_sek

from .models import Brand, Category, Product

COLUMNS = ("sku", "name", "price", "stock", "category", "brand")
# What a header cell may say for each column, lower-cased: the shop's own Swedish and English headers
# and the words people use.
HEADER_WORDS = {
    "sku": {"sku", "artikelnummer", "article number", "art.nr", "artnr"},
    "name": {"name", "namn", "produkt", "product"},
    "price": {"price", "pris", "price incl. vat", "pris inkl. moms", "price (kr)", "pris (kr)"},
    "stock": {"stock", "lager", "i lager", "in stock", "antal i lager"},
    "category": {"category", "kategori"},
    "brand": {"brand", "varumärke", "märke"},
}
HEADERS = {
    "sv": ("artikelnummer", "namn", "pris", "lager", "kategori", "varumärke"),
    "en": ("sku", "name", "price", "stock", "category", "brand"),
}
LABELS = {
    "name": gettext_lazy("name"), "price": gettext_lazy("price"), "stock": gettext_lazy("stock"),
    "category": gettext_lazy("category"), "brand": gettext_lazy("brand"),
}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
SKU_LENGTH = Product._meta.get_field("sku").max_length
NAME_LENGTH = Product._meta.get_field("name").max_length
MAX_STOCK = 1_000_000


class Action:
    NEW, CHANGE, SAME, ERROR = "new", "change", "same", "error"


@dataclass
class RowPlan:
    """What one row of the file would do."""

    row: int
    sku: str
    action: str = Action.SAME
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # (label, before, after) as people read them
    values: dict = field(default_factory=dict)  # the row's cleaned values, by column
    product: Product | None = None


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.file_errors and not self.with_errors and bool(self.rows)

    def _of(self, action):
        return [row for row in self.rows if row.action == action]

    @property
    def new(self):
        return self._of(Action.NEW)

    @property
    def changed(self):
        return self._of(Action.CHANGE)

    @property
    def unchanged(self):
        return self._of(Action.SAME)

    @property
    def with_errors(self):
        return self._of(Action.ERROR)

    @property
    def shown(self):
        """The rows worth reading: every error, new product and change (unchanged rows are only counted)."""
        return [row for row in self.rows if row.action != Action.SAME]


def _language():
    return "en" if (get_language() or "sv")[:2] == "en" else "sv"


def _kronor(ore):
    """An amount as a spreadsheet cell in the language of the page: "1299" / "1299,50" ("1299.50" in English)."""
    kronor, rest = divmod(ore, 100)
    if not rest:
        return str(kronor)
    separator = "." if _language() == "en" else ","
    return f"{kronor}{separator}{rest:02d}"


def export_rows(products):
    """The header and one row per product, for ``csv.writer``; ``products`` is any queryset of them."""
    yield HEADERS[_language()]
    for product in products.select_related("category", "brand").order_by("sku").iterator(chunk_size=2000):
        yield (product.sku, product.name, _kronor(product.price), product.stock, product.category.slug,
               product.brand.name)


def decode(data):
    """The text of an uploaded file: UTF-8 (with or without Excel's byte-order mark) or Windows-1252,
    which Excel on Windows uses for "CSV (semicolon separated)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dialect(first_line):
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=counts.get)


def _header_columns(header):
    """Column name -> index in the file, and what is wrong with the header."""
    found, problems = {}, []
    for index, cell in enumerate(header):
        word = " ".join(cell.strip().lower().split())
        column = next((name for name, words in HEADER_WORDS.items() if word in words), None)
        if column is None:
            if word:
                problems.append(_("Column %(column)d, \"%(header)s\", is not one of the import's columns.")
                                % {"column": index + 1, "header": cell.strip()})
            continue
        if column in found:
            problems.append(_("The column \"%(header)s\" appears twice.") % {"header": cell.strip()})
        found[column] = index
    headers = HEADERS[_language()]
    missing = [headers[COLUMNS.index(name)] for name in COLUMNS if name not in found]
    if missing:
        problems.append(_("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return found, problems


class _Lookups:
    """Categories and brands by the words a file may use for them, and the products the file names."""

    def __init__(self, skus):
        self.categories, self.category_names = {}, {}
        for category in Category.objects.all():
            self.categories[category.slug.lower()] = category
            self.category_names.setdefault(category.name.lower(), []).append(category)
        self.brands = {}
        for brand in Brand.objects.all():
            self.brands[brand.name.lower()] = brand
            self.brands.setdefault(brand.slug.lower(), brand)
        self.products = {}
        skus = sorted(skus)
        for start in range(0, len(skus), 1000):
            for product in Product.objects.filter(sku__in=skus[start:start + 1000]).select_related("category", "brand"):
                self.products[product.sku] = product

    def category(self, text):
        key = text.strip().lower()
        if key in self.categories:
            return self.categories[key], None
        named = self.category_names.get(key, [])
        if len(named) == 1:
            return named[0], None
        if named:
            return None, _("Several categories are named \"%(name)s\": give the category's slug (%(slugs)s).") % {
                "name": text.strip(), "slugs": ", ".join(sorted(category.slug for category in named))}
        return None, _("There is no category \"%(name)s\": create it first, or use an existing category's slug.") % {
            "name": text.strip()}

    def brand(self, text):
        brand = self.brands.get(text.strip().lower())
        if brand is None:
            return None, _("There is no brand \"%(name)s\": create it first under Brands.") % {"name": text.strip()}
        return brand, None



def _clean_row(cells, columns, row, lookups, seen):
    def cell(name):
        index = columns[name]
        return " ".join(cells[index].split()) if index < len(cells) else ""

    plan = RowPlan(row=row, sku=cell("sku"))
    errors = plan.errors
    if not plan.sku:
        errors.append(_("The article number is missing."))
    elif len(plan.sku) > SKU_LENGTH:
        errors.append(_("The article number is longer than %(length)d characters.") % {"length": SKU_LENGTH})
    elif plan.sku in seen:
        errors.append(_("Article number %(sku)s is on row %(row)d too.") % {"sku": plan.sku, "row": seen[plan.sku]})
    else:
        seen[plan.sku] = row
    name = cell("name")
    if not name:
        errors.append(_("The name is missing."))
    elif len(name) > NAME_LENGTH:
        errors.append(_("The name is longer than %(length)d characters.") % {"length": NAME_LENGTH})
    price = parse_sek(cell("price"))
    if price is None or price < 1:
        errors.append(_("The price \"%(price)s\" is not an amount in kronor, e.g. 1299 or 1299,50.")
                      % {"price": cell("price")})
    stock_text = cell("stock").replace(" ", "")
    stock = int(stock_text) if stock_text.isdigit() and int(stock_text) <= MAX_STOCK else None
    if stock is None:
        errors.append(_("The stock \"%(stock)s\" is not a whole number from 0 to 1,000,000.") % {"stock": cell("stock")})
    category, problem = lookups.category(cell("category"))
    errors += [problem] if problem else []
    brand, problem = lookups.brand(cell("brand"))
    errors += [problem] if problem else []
    if errors:
        plan.action = Action.ERROR
        return plan
    plan.values = {"name": name, "price": price, "stock": stock, "category": category, "brand": brand}
    plan.product = lookups.products.get(plan.sku)
    if plan.product is None:
        plan.action = Action.NEW
        return plan
    before = plan.product
    shown = {"price": format_sek, "category": str, "brand": str}
    for name in ("name", "price", "stock", "category", "brand"):
        old, new = getattr(before, name), plan.values[name]
        if old != new:
            show = shown.get(name, str)
            plan.changes.append((LABELS[name], show(old), show(new)))
    plan.action = Action.CHANGE if plan.changes else Action.SAME
    return plan


def plan(data):
    """Read ``data`` (the file's bytes) and say, row by row, what importing it would do. Writes nothing."""
    result = ImportPlan()
    if len(data) > MAX_BYTES:
        result.file_errors.append(_("The file is larger than %(size)d MB: import it in parts.")
                                  % {"size": MAX_BYTES // (1024 * 1024)})
        return result
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_dialect(first_line)))
    except csv.Error:
        result.file_errors.append(_("The file is not a CSV file a spreadsheet saved."))
        return result
    if not any(cell.strip() for cells in rows for cell in cells):
        result.file_errors.append(_("The file is empty."))
        return result
    columns, problems = _header_columns(rows[0])
    if problems:
        result.file_errors += problems
        return result
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cell.strip() for cell in cells)]
    if len(body) > MAX_ROWS:
        result.file_errors.append(_("The file has more than %(rows)d products: import it in parts.")
                                  % {"rows": MAX_ROWS})
        return result
    if not body:
        result.file_errors.append(_("The file has no products below its header."))
        return result
    skus = {" ".join(cells[columns["sku"]].split()) for _number, cells in body if columns["sku"] < len(cells)}
    lookups, seen = _Lookups(skus), {}
    result.rows = [_clean_row(cells, columns, number, lookups, seen) for number, cells in body]
    _give_slugs(result.new)
    return result


def _give_slugs(rows):
    """A free slug for each new product: its name's, or with "-2", "-3"... when taken (a few queries in all)."""
    bases = {row.sku: slugify(row.values["name"])[:200] or "produkt" for row in rows}
    wanted = sorted(set(bases.values()))
    taken = set()
    for start in range(0, len(wanted), 1000):
        taken |= set(Product.objects.filter(slug__in=wanted[start:start + 1000]).values_list("slug", flat=True))
    counts = {}
    for base in bases.values():
        counts[base] = counts.get(base, 0) + 1
    crowded = [base for base in wanted if base in taken or counts[base] > 1]
    for base in crowded:  # rare: read the numbered slugs of that name once
        taken |= set(Product.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    for row in rows:
        slug, number = bases[row.sku], 1
        while slug in taken:
            number += 1
            slug = f"{bases[row.sku]}-{number}"
        taken.add(slug)
        row.values["slug"] = slug
