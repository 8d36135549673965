"""The catalog: categories, brands, products and their stock.

No table here holds personal data. Search statistics are counted per term and day with no
visitor identity at all.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cookstore.core.money import VAT_STANDARD

# Up to this many items the pages say exactly how many are left; above it only "in stock".
LOW_STOCK = 5

# A manufacturer's warranty longer than this (50 years) is a typing mistake.
MAX_WARRANTY_MONTHS = 600


def warranty_field(help_text):
    """Months of the manufacturer's warranty; empty means "as the level above", 0 means none."""
    return models.PositiveSmallIntegerField(
        _("manufacturer's warranty (months)"), null=True, blank=True,
        validators=[MaxValueValidator(MAX_WARRANTY_MONTHS)], help_text=help_text,
    )


class TranslatedNameMixin:
    """Swedish is the shop's language; English fields are optional and fall back to Swedish."""

    def _translated(self, field):
        if (get_language() or "sv")[:2] == "en":
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, field)

    @property
    def display_name(self):
        return self._translated("name")

    @property
    def display_description(self):
        return self._translated("description")


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self):
        return self.name


class Category(TranslatedNameMixin, models.Model):
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    warranty_months = warranty_field(_(
        "For the products of this category and its sub-categories that name no warranty of their own. Empty: "
        "as the parent category (none at the top). 0: no warranty. The customer's 3-year right to complain "
        "(reklamation) applies whatever this says."
    ))

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"slug": self.slug})


_SLUG_MARK = "0slug0mark0"
_product_url_patterns = {}


class Product(TranslatedNameMixin, models.Model):
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(Brand, verbose_name=_("brand"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    sku = models.CharField(_("article number"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    specifications = models.JSONField(
        _("specifications"), default=list, blank=True,
        help_text=_('A list of ["label", "value"] pairs, e.g. [["Material", "Gjutjärn"]].'),
    )
    price = models.PositiveIntegerField(_("price incl. VAT"), validators=[MinValueValidator(1)])  # öre
    vat_rate = models.PositiveIntegerField(_("VAT rate"), default=VAT_STANDARD)  # basis points
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    warranty_months = warranty_field(_(
        "Empty: the category's warranty. 0: no warranty. Shown on the product page and frozen on each order "
        "line at purchase; the customer's 3-year right to complain (reklamation) applies whatever this says."
    ))
    image = models.ImageField(_("image"), upload_to="products/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["category", "is_active", "price"], name="product_cat_price"),
            models.Index(fields=["category", "is_active", "name"], name="product_cat_name"),
            models.Index(fields=["category", "is_active", "created_at"], name="product_cat_new"),
            models.Index(fields=["is_featured", "is_active"], name="product_featured"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # A listing links 24 products and a page many more: reverse() once per language and prefix,
        # then put the slug in (a slug holds only characters a URL keeps as they are).
        key = (get_language(), get_script_prefix(), get_urlconf())
        pattern = _product_url_patterns.get(key)
        if pattern is None:
            pattern = _product_url_patterns[key] = reverse("catalog:product", kwargs={"slug": _SLUG_MARK})
        return pattern.replace(_SLUG_MARK, self.slug)

    @property
    def in_stock(self):
        return self.stock > 0

    @property
    def shown_stock(self):
        """The stock as pages show it: exact up to LOW_STOCK, beyond that only "in stock".

        Cached pages depend on stock only through this value, so a sale that leaves it unchanged
        need not make them stale (see services.reserve_stock).
        """
        return min(self.stock, LOW_STOCK + 1)

    @property
    def low_stock(self):
        return 0 < self.stock <= LOW_STOCK


class CatalogState(models.Model):
    """One row whose version changes with every change to the catalog.

    Cached pages and the in-process category tree are keyed by this version, so a change of
    price, stock or text is visible on the next request in every web process, at the cost of
    one primary-key read per page.
    """

    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("catalog state")


class SearchTermDay(models.Model):
    """How often a term was searched on a day and how many products it found. No visitor identity."""

    day = models.DateField(_("day"))
    term = models.CharField(_("search term"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_hit_searches = models.PositiveIntegerField(_("searches without hits"), default=0)
    last_hit_count = models.PositiveIntegerField(_("hits (latest search)"), default=0)

    class Meta:
        verbose_name = _("search term per day")
        verbose_name_plural = _("search terms per day")
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="search_term_day_unique")]
        ordering = ["-day", "-searches"]

    def __str__(self):
        return f"{self.day} {self.term}"
