"""``manage.py demo_catalog``: fill the shop with a deterministic demo assortment."""

import time

from django.core.management.base import BaseCommand, CommandError

from cookstore.catalog.demodata import generate_catalog
from cookstore.catalog.models import Product


class Command(BaseCommand):
    help = "Generate a deterministic demo catalog of Swedish kitchenware (categories, brands, products, images)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=300, help="How many products to create (default 300).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same catalog.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the catalog already has products."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete all products, categories and brands first."
        )

    def handle(self, *args, products, seed, if_empty, replace, **options):
        if products < 0:
            raise CommandError("--products must be zero or more.")
        if if_empty and replace:
            raise CommandError("--if-empty and --replace contradict each other; use one of them.")
        if if_empty:
            existing = Product.objects.count()
            if existing:
                self.stdout.write(f"Catalog already has {existing} products; nothing generated (--if-empty).")
                return
        started = time.perf_counter()
        summary = generate_catalog(products=products, seed=seed, replace=replace)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Demo catalog (seed {summary['seed']}): {summary['products_created']} products created"
            f" ({summary['products_total']} in total, {summary['featured']} featured,"
            f" {summary['out_of_stock']} out of stock), {summary['categories']} categories"
            f" ({summary['top_level_categories']} top-level), {summary['brands']} brands,"
            f" {summary['images']} images ({summary['images_rendered']} drawn), in {seconds:.1f} s."
        )
