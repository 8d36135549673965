"""Keeps caches and the search index in step with catalog changes made anywhere (admin, shell, services).

Receivers of Django's ``post_save``/``post_delete`` for Product, Category and Brand (sender: the
model class; arguments: ``instance``). They run after the transaction commits, so a rolled-back
edit never shows.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import Brand, Category, Product


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args))


@receiver(post_save, sender=Product, dispatch_uid="catalog_product_saved")
@receiver(post_delete, sender=Product, dispatch_uid="catalog_product_deleted")
def product_changed(sender, instance, **kwargs):
    _after_commit(services.reindex_products, [instance.pk])
    _after_commit(services.bump_catalog_version)


@receiver(post_save, sender=Category, dispatch_uid="catalog_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="catalog_category_deleted")
def category_changed(sender, instance, **kwargs):
    ids = list(Product.objects.filter(category_id=instance.pk).values_list("pk", flat=True))
    _after_commit(services.reindex_products, ids)
    _after_commit(services.bump_catalog_version)


@receiver(post_save, sender=Brand, dispatch_uid="catalog_brand_saved")
@receiver(post_delete, sender=Brand, dispatch_uid="catalog_brand_deleted")
def brand_changed(sender, instance, **kwargs):
    ids = list(Product.objects.filter(brand_id=instance.pk).values_list("pk", flat=True))
    _after_commit(services.reindex_products, ids)
    _after_commit(services.bump_catalog_version)
