"""A deterministic demo catalog: a Swedish kitchenware assortment of any size.

``generate_catalog(products, seed)`` builds categories, brands and products from the tables
below. The same seed and size always give the same catalog (names, prices, stock, dates), so
demos, screenshots and benchmarks can be reproduced. It scales to 100,000 products and more:
rows are written with ``bulk_create`` in batches, images come from a small pool drawn locally
with Pillow and shared by all products, and the search index is rebuilt once at the end.
"""

import io
import math
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.text import slugify

from cookstore.core.money import VAT_STANDARD

from . import services
from . import signals as catalog_signals
from .models import Brand, Category, Product

REFERENCE_DATE = datetime(2026, 11, 1, tzinfo=UTC)
HISTORY_SECONDS = 730 * 24 * 3600
BATCH_SIZE = 2000
SKU_PREFIX = "CS-"
MIN_FEATURED = 8
OUT_OF_STOCK_SHARE = 0.08
LOW_STOCK_SHARE = 0.07
FEATURED_SHARE = 0.05
IMAGE_DIR = "products/demo"
IMAGE_SIZE = 480
IMAGE_QUALITY = 70
IMAGE_VARIANTS = 6


# --------------------------------------------------------------------------------------------
# Materials, sizes and product types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Material:
    sv: str  # as it reads in a Swedish product name ("" when the name does without it)
    en: str  # as an English adjective before the product type
    spec: str  # the value of the "Material" specification
    factor: float  # price multiplier
    text_sv: str
    text_en: str
    dishwasher: bool | None = None
    induction: bool | None = None
    wash: str = ""  # textiles: washing instruction


MATERIALS = {
    "gjutjarn": Material(
        "gjutjärn", "cast iron", "Gjutjärn", 1.2,
        "Gjutjärn håller värmen länge och ger en jämn, krispig stekyta.",
        "Cast iron holds heat for a long time and gives an even, crisp sear.",
        False, True,
    ),
    "emaljgjut": Material(
        "emaljerat gjutjärn", "enamelled cast iron", "Emaljerat gjutjärn", 1.6,
        "Emaljerat gjutjärn fördelar värmen jämnt och behöver ingen inbränning.",
        "Enamelled cast iron spreads heat evenly and needs no seasoning.",
        False, True,
    ),
    "kolstal": Material(
        "kolstål", "carbon steel", "Kolstål", 1.0,
        "Kolstål blir snabbt varmt och får med tiden en naturlig släppyta.",
        "Carbon steel heats up quickly and develops a natural non-stick patina over time.",
        False, True,
    ),
    "rostfritt": Material(
        "rostfritt stål", "stainless steel", "Rostfritt stål 18/10", 1.0,
        "Rostfritt stål är tåligt, lättskött och reagerar inte med sura råvaror.",
        "Stainless steel is durable, easy to care for and does not react with acidic ingredients.",
        True, True,
    ),
    "treskikt": Material(
        "treskiktsstål", "tri-ply steel", "Treskiktsstål (rostfritt/aluminium/rostfritt)", 1.4,
        "Tre skikt med aluminiumkärna ger snabb och jämn värme ända ut i kanterna.",
        "Three layers with an aluminium core give fast, even heat right out to the edges.",
        True, True,
    ),
    "nonstick": Material(
        "nonstick", "non-stick", "Aluminium med PFAS-fri nonstickbeläggning", 0.8,
        "Den PFAS-fria nonstickbeläggningen gör att maten släpper lätt, även med lite fett.",
        "The PFAS-free non-stick coating releases food easily, even with little fat.",
        True, True,
    ),
    "keramisk": Material(
        "keramisk", "ceramic", "Aluminium med keramisk beläggning", 0.9,
        "Den keramiska beläggningen tål hög värme och är lätt att torka ren.",
        "The ceramic coating withstands high heat and wipes clean easily.",
        True, True,
    ),
    "koppar": Material(
        "koppar", "copper", "Koppar med insida av rostfritt stål", 2.2,
        "Koppar leder värme bäst av alla material och ger full kontroll över temperaturen.",
        "Copper conducts heat better than any other material and gives full control over temperature.",
        False, False,
    ),
    "emaljstal": Material(
        "emaljerat stål", "enamelled steel", "Emaljerat stål", 0.9,
        "Emaljerat stål är lätt, slitstarkt och enkelt att hålla rent.",
        "Enamelled steel is light, hard-wearing and easy to keep clean.",
        True, True,
    ),
    "aluminium": Material(
        "aluminium", "aluminium", "Aluminium", 0.7,
        "Aluminium är lätt och leder värme snabbt och jämnt.",
        "Aluminium is light and conducts heat quickly and evenly.",
        False, False,
    ),
    "damask": Material(
        "damaskusstål", "Damascus steel", "Damaskusstål, 67 lager", 2.0,
        "Det skiktade damaskusstålet ger både skärpa, seghet och ett vackert mönster.",
        "Layered Damascus steel gives sharpness, toughness and a beautiful pattern.",
        False,
    ),
    "glas": Material(
        "glas", "glass", "Glas", 0.8,
        "Glaset tar inte åt sig lukt eller smak och gör det lätt att se innehållet.",
        "Glass does not absorb smells or flavours and makes the contents easy to see.",
        True,
    ),
    "borosilikat": Material(
        "borosilikatglas", "borosilicate glass", "Borosilikatglas", 1.0,
        "Borosilikatglas tål snabba temperaturväxlingar och är lätt att hålla rent.",
        "Borosilicate glass withstands sudden changes in temperature and is easy to keep clean.",
        True,
    ),
    "kristall": Material(
        "kristallglas", "crystal", "Blyfritt kristallglas", 1.5,
        "Det blyfria kristallglaset är tunt, klart och ger en fin klang.",
        "The lead-free crystal is thin, clear and rings beautifully.",
        True,
    ),
    "munblast": Material(
        "munblåst", "mouth-blown", "Munblåst glas", 2.0,
        "Varje glas är munblåst för hand och därför helt unikt.",
        "Each glass is mouth-blown by hand and therefore unique.",
        False,
    ),
    "keramik": Material(
        "keramik", "ceramic", "Glaserad keramik", 1.0,
        "Keramiken är glaserad och lätt att hålla ren.",
        "The glazed ceramic is easy to keep clean.",
        True,
    ),
    "stengods": Material(
        "stengods", "stoneware", "Stengods", 1.0,
        "Stengods är tåligt, värmebeständigt och passar lika bra i ugnen som på bordet.",
        "Stoneware is sturdy, heat-resistant and as much at home in the oven as on the table.",
        True,
    ),
    "porslin": Material(
        "porslin", "porcelain", "Porslin", 1.1,
        "Porslinet är hårdbränt och tål både ugn och mikrovågsugn.",
        "The high-fired porcelain is safe in both oven and microwave.",
        True,
    ),
    "benporslin": Material(
        "benporslin", "bone china", "Benporslin", 1.6,
        "Benporslin är tunt och lätt men ändå förvånansvärt starkt.",
        "Bone china is thin and light, yet surprisingly strong.",
        True,
    ),
    "ek": Material(
        "ek", "oak", "Ek (FSC-märkt)", 1.3,
        "Ek är ett hårt och tåligt träslag som blir vackrare med åren.",
        "Oak is a hard, durable wood that grows more beautiful with age.",
        False,
    ),
    "bjork": Material(
        "björk", "birch", "Svensk björk", 1.0,
        "Den ljusa björken är lätt och har en mild, fin ådring.",
        "Pale birch is light and has a fine, gentle grain.",
        False,
    ),
    "valnot": Material(
        "valnöt", "walnut", "Valnöt", 1.7,
        "Valnöt har en mörk, varm ton och en tät ådring.",
        "Walnut has a dark, warm tone and a dense grain.",
        False,
    ),
    "akacia": Material(
        "akacia", "acacia", "Akacia", 1.0,
        "Akacia är ett hårt träslag med livlig ådring som tål daglig användning.",
        "Acacia is a hard wood with a lively grain that stands up to daily use.",
        False,
    ),
    "bambu": Material(
        "bambu", "bamboo", "Bambu", 0.7,
        "Bambu växer snabbt och är ett lätt, hårt och hållbart material.",
        "Bamboo grows fast and is a light, hard and sustainable material.",
        False,
    ),
    "bok": Material(
        "bok", "beech", "Bok", 0.9,
        "Bok är ett tätt och slitstarkt trä som inte repar kärlen.",
        "Beech is a dense, hard-wearing wood that will not scratch your pans.",
        False,
    ),
    "silikon": Material(
        "silikon", "silicone", "Livsmedelsgodkänd silikon", 0.8,
        "Silikonet tål upp till 250 °C och repar inte känsliga ytor.",
        "The silicone withstands up to 250 °C and will not scratch delicate surfaces.",
        True,
    ),
    "nylon": Material(
        "nylon", "nylon", "Värmetålig nylon (210 °C)", 0.7,
        "Den värmetåliga nylonen är skonsam mot nonstickbeläggningar.",
        "The heat-resistant nylon is gentle on non-stick coatings.",
        True,
    ),
    "plast": Material(
        "återvunnen plast", "recycled plastic", "Återvunnen polypropen, BPA-fri", 0.6,
        "Tillverkad av återvunnen plast som är fri från BPA.",
        "Made from BPA-free recycled plastic.",
        True,
    ),
    "komposit": Material(
        "komposit", "composite", "Träfiberkomposit", 1.1,
        "Träfiberkompositen är hygienisk och skonsam mot knivseggen.",
        "The wood-fibre composite is hygienic and gentle on knife edges.",
        True,
    ),
    "marmor": Material(
        "marmor", "marble", "Marmor", 1.5,
        "Marmorn håller sig sval, vilket är perfekt för deg, ost och choklad.",
        "Marble stays cool, which is perfect for pastry, cheese and chocolate.",
        False,
    ),
    "bomull": Material(
        "bomull", "cotton", "100 % ekologisk bomull", 1.0,
        "Den ekologiska bomullen är mjuk och suger bra.",
        "The organic cotton is soft and absorbent.",
        wash="60 °C",
    ),
    "linne": Material(
        "linne", "linen", "100 % linne", 1.5,
        "Linne torkar snabbt, suger bra och blir mjukare för varje tvätt.",
        "Linen dries quickly, absorbs well and gets softer with every wash.",
        wash="40 °C",
    ),
    "halvlinne": Material(
        "halvlinne", "linen-cotton", "Halvlinne (50 % linne, 50 % bomull)", 1.2,
        "Halvlinne förenar linnets hållbarhet med bomullens mjukhet.",
        "Linen-cotton combines the durability of linen with the softness of cotton.",
        wash="60 °C",
    ),
    "canvas": Material(
        "vaxad canvas", "waxed canvas", "Vaxad bomullscanvas", 1.6,
        "Den vaxade canvasen stöter bort smuts och åldras vackert.",
        "The waxed canvas repels dirt and ages beautifully.",
        wash="Torkas av med fuktig trasa",
    ),
    "cellulosa": Material(
        "cellulosa", "cellulose", "Cellulosa och bomull", 0.8,
        "Cellulosa och bomull suger upp många gånger sin egen vikt och kan komposteras.",
        "Cellulose and cotton absorb many times their own weight and can be composted.",
        True,
    ),
    "borstat": Material(
        "borstat stål", "brushed steel", "Borstat rostfritt stål", 1.2,
        "Höljet i borstat stål är tåligt och lätt att torka av.",
        "The brushed steel body is sturdy and easy to wipe clean.",
    ),
    "gjuten": Material(
        "gjuten aluminium", "die-cast aluminium", "Gjuten aluminium", 1.35,
        "Det gjutna aluminiumhöljet gör maskinen stabil och tålig.",
        "The die-cast aluminium body makes the machine stable and durable.",
    ),
    "mattsvart": Material(
        "mattsvart", "matte black", "Pulverlackerat stål, mattsvart", 1.1,
        "Den mattsvarta ytan är diskret och lätt att hålla fin.",
        "The matte black finish is understated and easy to keep looking good.",
    ),
    "kordierit": Material(
        "kordierit", "cordierite", "Kordierit", 1.0,
        "Kordierit tål mycket hög värme och drar ut fukt ur degen för en krispig botten.",
        "Cordierite withstands very high heat and draws moisture out of the dough for a crisp base.",
        False,
    ),
    "lader": Material(
        "läder", "leather", "Kraftigt nötläder", 1.3,
        "Det kraftiga lädret skyddar mot värme och gnistor.",
        "The thick leather protects against heat and sparks.",
    ),
    "massing": Material(
        "mässing", "brass", "Mässingsborst och skaft av bok", 1.1,
        "Borsten av mässing rengör effektivt utan att skada gallret.",
        "Brass bristles clean effectively without damaging the grate.",
        False,
    ),
    "naturborst": Material(
        "naturborst", "natural bristle", "Bok med naturborst", 1.0,
        "Naturborsten håller smör och glasyr på plats.",
        "The natural bristles hold butter and glaze well.",
        False,
    ),
    "hardat": Material(
        "", "", "Härdat glas med kant av rostfritt stål", 1.0,
        "Det härdade glaset låter dig följa kokningen utan att lyfta på locket.",
        "The toughened glass lets you watch the cooking without lifting the lid.",
        True,
    ),
    "slipsten": Material(
        "", "", "Syntetisk slipsten", 1.0,
        "Den dubbelsidiga stenen klarar både grovslipning och finpolering.",
        "The double-sided stone handles both coarse sharpening and fine polishing.",
        False,
    ),
}

# On a blade the same steel calls for other words than on a pan.
KNIFE_TEXTS = {
    "kolstal": (
        "Kolstål tar en mycket vass egg men ska torkas torrt direkt efter disk.",
        "Carbon steel takes a very keen edge but should be dried straight after washing.",
    ),
    "rostfritt": (
        "Bladet av rostfritt stål är lättskött och håller eggen länge.",
        "The stainless steel blade is easy to care for and holds its edge for a long time.",
    ),
    "keramisk": (
        "Det keramiska bladet är extremt hårt och håller sig vasst länge.",
        "The ceramic blade is extremely hard and stays sharp for a long time.",
    ),
}


@dataclass(frozen=True)
class Size:
    sv: str
    en: str
    label: str = ""
    value: str = ""


def _number(value, separator):
    return f"{value:g}".replace(".", separator)


def cm(*values, label="Diameter"):
    return tuple(Size(f"{v} cm", f"{v} cm", label, f"{v} cm") for v in values)


def litres(*values):
    return tuple(Size(f"{_number(v, ',')} l", f"{_number(v, '.')} l", "Volym", f"{_number(v, ',')} l") for v in values)


def cl(*values):
    return tuple(Size(f"{v} cl", f"{v} cl", "Volym", f"{v} cl") for v in values)


def dims(*values):
    return tuple(Size(f"{v} cm", f"{v} cm", "Mått", f"{v} cm") for v in values)


def packs(*values):
    return tuple(Size(f"{n}-pack", f"{n}-pack", "Antal", f"{n} st") for n in values)


def watts(*values):
    return tuple(Size(f"{n} W", f"{n} W", "Effekt", f"{n} W") for n in values)


def options(label, *pairs):
    return tuple(Size(sv, en, label, sv[:1].upper() + sv[1:]) for sv, en in pairs)


NO_SIZE = (Size("", ""),)


@dataclass(frozen=True)
class ProductType:
    sv: str
    en: str
    price: tuple  # (lowest, highest) in whole kronor, VAT included
    materials: tuple
    sizes: tuple
    text_sv: str
    text_en: str
    extras: tuple = ()  # (label, (value, ...)): one value is picked per product
    dishwasher: object = None  # True/False overrides the material, "skip" leaves the line out
    size_first: bool | None = None  # "Kockkniv 20 cm damaskusstål"; None: as the category says


def T(sv, en, price, materials, sizes, text_sv, text_en, **kwargs):
    return ProductType(sv, en, price, tuple(materials.split()), sizes, text_sv, text_en, **kwargs)


@dataclass(frozen=True)
class CategorySpec:
    name: str
    name_en: str
    description: str
    description_en: str
    types: tuple = ()
    children: tuple = ()
    kind: str = ""  # knife, cookware, textile, machine; children inherit it
    extras: tuple = ()  # specification lines every product below gets one value of
    warranty_months: int | None = None  # the category's manufacturer's warranty (None: as the parent's)

    @property
    def slug(self):
        return make_slug(self.name)


def C(name, name_en, description, description_en, types=(), children=(), **kwargs):
    return CategorySpec(name, name_en, description, description_en, tuple(types), tuple(children), **kwargs)


COOKWARE_LID = ("Lock", ("Glaslock ingår", "Stållock ingår", "Utan lock"))
WARRANTY = ("Garanti", ("2 år", "3 år", "5 år"))

CATALOG = (
    C(
        "Knivar", "Knives",
        "Vassa knivar för alla moment i köket, från grovhackning till fint skalarbete.",
        "Sharp knives for every kitchen task, from rough chopping to fine peeling.",
        kind="knife",
        warranty_months=60,
        extras=(("Handtag", ("Ek", "Valnöt", "Pakkaträ", "Svart komposit", "Björk")),),
        types=(
            T("Knivmagnet", "magnetic knife rack", (199, 799), "ek valnot bjork rostfritt", cm(30, 40, 50, label="Längd"),
              "En knivmagnet håller knivarna nära till hands och skonar eggarna.",
              "A magnetic rack keeps knives close at hand and protects their edges.",
              size_first=False),
            T("Knivblock", "knife block", (299, 999), "ek bambu bjork valnot",
              options("Kapacitet", ("för 5 knivar", "for 5 knives"), ("för 7 knivar", "for 7 knives")),
              "Ett stabilt knivblock med plats för hela knivsamlingen.",
              "A sturdy knife block with room for the whole collection.",
              size_first=False),
            T("Brynsten", "whetstone", (249, 899), "slipsten",
              options("Kornstorlek", ("korn 400/1000", "grit 400/1000"), ("korn 1000/6000", "grit 1000/6000"),
                      ("korn 3000/8000", "grit 3000/8000")),
              "Med en brynsten håller du knivarna rakbladsvassa hemma.",
              "A whetstone keeps your knives razor sharp at home."),
        ),
        children=(
            C("Kockknivar", "Chef's knives",
              "Allroundknivar som klarar det mesta på skärbrädan.",
              "All-round knives that handle most jobs on the cutting board.",
              types=(
                  T("Kockkniv", "chef's knife", (399, 2999), "damask kolstal rostfritt", cm(15, 18, 20, 23, label="Bladlängd"),
                    "En välbalanserad kockkniv för hackning, strimling och skivning.",
                    "A well-balanced chef's knife for chopping, slicing and dicing.",
                    extras=(("Hårdhet", ("56 HRC", "58 HRC", "60 HRC", "61 HRC")),)),
                  T("Santokukniv", "santoku knife", (349, 2499), "damask kolstal rostfritt", cm(14, 16, 18, label="Bladlängd"),
                    "Santokun har ett brett blad som gör det lätt att skiva grönsaker tunt.",
                    "The santoku has a wide blade that makes thin vegetable slices easy."),
              )),
            C("Brödknivar", "Bread knives",
              "Vågslipade knivar som skär genom skorpan utan att trycka ihop brödet.",
              "Serrated knives that cut through the crust without squashing the loaf.",
              types=(
                  T("Brödkniv", "bread knife", (199, 1499), "rostfritt kolstal damask", cm(20, 23, 26, label="Bladlängd"),
                    "Den vågslipade eggen tar sig igenom hård skorpa utan att smula.",
                    "The serrated edge gets through a hard crust without crumbling it."),
              )),
            C("Skalknivar", "Paring knives",
              "Små och smidiga knivar för skalning, rensning och finputs.",
              "Small, nimble knives for peeling, trimming and detail work.",
              types=(
                  T("Skalkniv", "paring knife", (199, 899), "rostfritt kolstal keramisk", cm(7, 9, 10, label="Bladlängd"),
                    "En liten kniv som ligger bra i handen när du skalar och rensar.",
                    "A small knife that sits well in the hand for peeling and trimming."),
                  T("Tomatkniv", "tomato knife", (199, 599), "rostfritt keramisk", cm(12, 14, label="Bladlängd"),
                    "Den fintandade eggen skär genom tomatskal utan att mosa fruktköttet.",
                    "The fine serrations cut through tomato skin without crushing the flesh."),
              )),
            C("Filéknivar", "Filleting knives",
              "Flexibla blad som följer benen när du filéar fisk och kött.",
              "Flexible blades that follow the bones when you fillet fish and meat.",
              types=(
                  T("Filékniv", "filleting knife", (249, 1299), "rostfritt kolstal damask", cm(16, 18, 21, label="Bladlängd"),
                    "Det tunna, flexibla bladet gör det lätt att filéa fisk.",
                    "The thin, flexible blade makes filleting fish easy."),
              )),
        ),
    ),
    C(
        "Stekpannor", "Frying pans",
        "Stekpannor i gjutjärn, kolstål, rostfritt och nonstick för alla sorters spisar.",
        "Frying pans in cast iron, carbon steel, stainless steel and non-stick for every kind of hob.",
        kind="cookware",
        types=(
            T("Stekpanna", "frying pan", (249, 2499), "gjutjarn kolstal rostfritt treskikt nonstick keramisk koppar",
              cm(20, 24, 26, 28, 30, 32),
              "En stekpanna för vardagens stekning, från pannkakor till biffar.",
              "A frying pan for everyday frying, from pancakes to steaks."),
        ),
        children=(
            C("Wokpannor", "Woks",
              "Djupa pannor för snabb wokning på hög värme.",
              "Deep pans for fast stir-frying over high heat.",
              types=(
                  T("Wokpanna", "wok", (349, 1499), "kolstal gjutjarn nonstick rostfritt", cm(28, 30, 32, 36),
                    "Den djupa formen gör det lätt att vända och röra om på hög värme.",
                    "The deep shape makes tossing and stirring over high heat easy."),
              )),
            C("Grillpannor", "Grill pans",
              "Räfflade pannor som ger grillränder även inomhus.",
              "Ridged pans that give grill marks indoors too.",
              types=(
                  T("Grillpanna", "grill pan", (299, 1299), "gjutjarn nonstick emaljgjut", cm(24, 26, 28),
                    "De räfflade botten ger grillränder och låter fettet rinna undan.",
                    "The ridged base gives grill marks and lets the fat run off."),
              )),
            C("Sautépannor", "Sauté pans",
              "Pannor med höga kanter för såser, risotto och gryträtter.",
              "Pans with high sides for sauces, risotto and braises.",
              types=(
                  T("Sautépanna", "sauté pan", (399, 2999), "rostfritt treskikt koppar nonstick", cm(24, 26, 28),
                    "De raka, höga kanterna gör sautépannan till en korsning av panna och gryta.",
                    "Straight, high sides make the sauté pan a cross between a pan and a pot.",
                    extras=(COOKWARE_LID,)),
              )),
            C("Pannkakspannor", "Pancake pans",
              "Låga pannor för pannkakor, plättar och crêpes.",
              "Low pans for pancakes, Swedish pancakes and crêpes.",
              types=(
                  T("Pannkakspanna", "pancake pan", (199, 699), "gjutjarn nonstick kolstal", cm(22, 24, 26),
                    "Den låga kanten gör det enkelt att vända pannkakan.",
                    "The low rim makes flipping pancakes easy."),
                  T("Plättpanna", "Swedish pancake pan", (249, 799), "gjutjarn nonstick",
                    options("Antal plättar", ("7 plättar", "7 pancakes"), ("9 plättar", "9 pancakes")),
                    "Plättpannan ger jämnt gräddade plättar till söndagsfrukosten.",
                    "The pan gives evenly cooked small pancakes for Sunday breakfast."),
              )),
        ),
    ),
    C(
        "Kastruller", "Saucepans",
        "Kastruller och grytor för såser, soppor, gryträtter och pasta.",
        "Saucepans and pots for sauces, soups, stews and pasta.",
        kind="cookware",
        types=(
            T("Kastrull", "saucepan", (249, 1999), "rostfritt treskikt koppar emaljstal nonstick", litres(1, 1.5, 2, 3),
              "En kastrull för såser, gröt, potatis och allt däremellan.",
              "A saucepan for sauces, porridge, potatoes and everything in between.",
              extras=(COOKWARE_LID,)),
        ),
        children=(
            C("Grytor", "Pots and casseroles",
              "Rymliga grytor för långkok, soppor och stora middagar.",
              "Roomy pots for slow cooking, soups and big dinners.",
              types=(
                  T("Gryta", "casserole pot", (399, 2999), "emaljgjut gjutjarn rostfritt", litres(2.5, 3.5, 4.5, 6),
                    "En gryta som går från spisen rakt in i ugnen.",
                    "A pot that goes from the hob straight into the oven."),
                  T("Soppgryta", "stockpot", (349, 1499), "rostfritt treskikt emaljstal", litres(6, 8, 10),
                    "Soppgrytan rymmer buljong, pasta och sylt i stora satser.",
                    "The stockpot holds stock, pasta and jam in large batches."),
              )),
            C("Mjölkkastruller", "Milk pans",
              "Små kastruller med hällpip för mjölk, choklad och såser.",
              "Small pans with a pouring lip for milk, cocoa and sauces.",
              types=(
                  T("Mjölkkastrull", "milk pan", (199, 899), "rostfritt emaljstal koppar nonstick", litres(0.75, 1),
                    "Hällpipen gör det lätt att servera utan att spilla.",
                    "The pouring lip makes serving without spills easy."),
              )),
            C("Lock & insatser", "Lids and inserts",
              "Lock, ånginsatser och annat som gör kastrullerna ännu mer användbara.",
              "Lids, steamer inserts and more that make your pans even more useful.",
              types=(
                  T("Glaslock", "glass lid", (99, 299), "hardat", cm(16, 18, 20, 24, 28),
                    "Ett lock som passar de flesta kastruller och pannor i samma storlek.",
                    "A lid that fits most saucepans and pans of the same size."),
                  T("Ånginsats", "steamer insert", (199, 599), "rostfritt bambu", cm(18, 20, 24),
                    "Med en ånginsats ångkokar du grönsaker och fisk skonsamt.",
                    "A steamer insert cooks vegetables and fish gently."),
              )),
        ),
    ),
    C(
        "Ugnsformar", "Oven dishes",
        "Formar för gratänger, lasagne, pajer och långkok i ugnen.",
        "Dishes for gratins, lasagne, pies and slow cooking in the oven.",
        types=(
            T("Ugnsform", "oven dish", (149, 999), "stengods borosilikat porslin emaljgjut",
              dims("26 × 18", "32 × 22", "38 × 26"),
              "En rymlig ugnsform för lasagne, potatisgratäng och rostade grönsaker.",
              "A roomy oven dish for lasagne, potato gratin and roasted vegetables."),
            T("Gratängform", "gratin dish", (149, 799), "stengods porslin emaljgjut", cm(20, 26, 30, label="Längd"),
              "Den ovala formen ger mycket krispig yta på gratängen.",
              "The oval shape gives the gratin plenty of crisp surface."),
            T("Pajform", "pie dish", (129, 499), "stengods porslin keramik", cm(24, 28),
              "Pajformen har räfflad kant och går att servera direkt ur.",
              "The pie dish has a fluted rim and can go straight to the table."),
        ),
    ),
    C(
        "Bakning", "Baking",
        "Formar, plåtar och redskap för bröd, kakor och tårtor.",
        "Tins, trays and tools for bread, cakes and gateaux.",
        children=(
            C("Bakformar", "Baking tins",
              "Formar för sockerkaka, tårtbottnar och bröd.",
              "Tins for sponge cakes, cake layers and bread.",
              types=(
                  T("Sockerkaksform", "bundt tin", (149, 449), "nonstick silikon aluminium emaljstal", litres(1.5, 2, 2.5),
                    "En klassisk form för sockerkaka och kärleksmums.",
                    "A classic tin for sponge cake and tray bakes."),
                  T("Springform", "springform tin", (149, 399), "nonstick emaljstal", cm(20, 24, 26),
                    "Den löstagbara kanten gör det enkelt att få ur cheesecake och tårtbottnar.",
                    "The removable ring makes it easy to release cheesecakes and cake layers."),
                  T("Brödform", "loaf tin", (99, 349), "nonstick aluminium silikon emaljstal", litres(1, 1.5, 2),
                    "Brödformen ger fina limpor och formbröd med jämn skorpa.",
                    "The loaf tin gives neat loaves with an even crust."),
              )),
            C("Bakplåtar", "Baking trays",
              "Plåtar för bullar, kakor och rostade grönsaker.",
              "Trays for buns, biscuits and roasted vegetables.",
              types=(
                  T("Bakplåt", "baking tray", (129, 449), "aluminium rostfritt nonstick emaljstal",
                    dims("38 × 28", "40 × 30", "45 × 35"),
                    "En stadig plåt som inte slår sig i varm ugn.",
                    "A sturdy tray that does not warp in a hot oven."),
                  T("Muffinsplåt", "muffin tray", (129, 349), "nonstick silikon",
                    options("Antal formar", ("6 formar", "6 cups"), ("12 formar", "12 cups")),
                    "Muffinsplåten ger jämnt gräddade muffins och cupcakes.",
                    "The muffin tray bakes muffins and cupcakes evenly."),
              )),
            C("Bakredskap", "Baking tools",
              "Kavlar, degskrapor och penslar för bakdagen.",
              "Rolling pins, dough scrapers and brushes for baking day.",
              types=(
                  T("Kavel", "rolling pin", (99, 499), "bok marmor valnot silikon", cm(40, 45, 50, label="Längd"),
                    "Kaveln kavlar ut deg för pepparkakor, pizza och tunnbröd.",
                    "The rolling pin rolls out dough for gingerbread, pizza and flatbread."),
                  T("Degskrapa", "dough scraper", (49, 149), "rostfritt plast silikon", cm(12, 15, label="Längd"),
                    "Degskrapan delar deg och gör bänken ren på ett ögonblick.",
                    "The scraper divides dough and cleans the worktop in a moment."),
                  T("Bakpensel", "pastry brush", (49, 149), "silikon naturborst", cm(18, 22, label="Längd"),
                    "Penseln stryker ägg på bullarna och glasyr på kakorna.",
                    "The brush spreads egg wash on buns and glaze on cakes."),
              )),
        ),
    ),
    C(
        "Förvaring", "Storage",
        "Burkar, lådor och behållare som håller maten fräsch och skafferiet i ordning.",
        "Jars, boxes and containers that keep food fresh and the pantry tidy.",
        types=(
            T("Förvaringsburk", "storage jar", (79, 499), "glas borosilikat keramik rostfritt plast", litres(0.5, 1, 1.5, 2),
              "En tät förvaringsburk för mjöl, pasta, kaffe och müsli.",
              "An airtight storage jar for flour, pasta, coffee and muesli.",
              extras=(("Lock", ("Bambulock", "Lock med silikonpackning", "Bygellås")),)),
            T("Förvaringslåda", "storage box", (99, 399), "bambu plast rostfritt", litres(2, 4, 6),
              "Förvaringslådan skapar ordning i skafferiet och kylskåpet.",
              "The storage box brings order to the pantry and fridge."),
        ),
        children=(
            C("Matlådor", "Food containers",
              "Lådor för matsäck, rester och meal prep.",
              "Boxes for packed lunches, leftovers and meal prep.",
              types=(
                  T("Matlåda", "food container", (69, 349), "borosilikat rostfritt plast", litres(0.4, 0.8, 1.2),
                    "En tät matlåda för lunchen och gårdagens rester.",
                    "A leak-proof container for lunch and yesterday's leftovers."),
                  T("Matlådeset", "food container set", (199, 699), "borosilikat plast rostfritt", packs(3, 5),
                    "Ett set matlådor i olika storlekar som staplas i varandra.",
                    "A set of containers in different sizes that nest inside each other."),
              )),
            C("Kryddförvaring", "Spice storage",
              "Burkar och hyllor som håller ordning på kryddorna.",
              "Jars and racks that keep your spices in order.",
              types=(
                  T("Kryddburk", "spice jar", (79, 349), "glas keramik rostfritt", packs(4, 6, 12),
                    "Kryddburkarna håller kryddorna torra och aromatiska.",
                    "The spice jars keep spices dry and aromatic."),
                  T("Kryddhylla", "spice rack", (199, 799), "ek bambu valnot rostfritt", cm(30, 40, 60, label="Längd"),
                    "Kryddhyllan monteras på väggen eller ställs i skafferiet.",
                    "The spice rack mounts on the wall or stands in the pantry."),
              )),
            C("Brödförvaring", "Bread storage",
              "Brödburkar och påsar som håller brödet färskt längre.",
              "Bread bins and bags that keep bread fresh for longer.",
              types=(
                  T("Brödburk", "bread bin", (299, 999), "rostfritt emaljstal bambu ek", dims("34 × 20", "42 × 25"),
                    "Brödburken håller brödet färskt och bänken fri från smulor.",
                    "The bread bin keeps bread fresh and the worktop free of crumbs.",
                    dishwasher=False),
                  T("Brödpåse", "bread bag", (99, 249), "linne bomull halvlinne", dims("30 × 40", "35 × 50"),
                    "Brödpåsen låter brödet andas så att skorpan förblir krispig.",
                    "The bread bag lets bread breathe so the crust stays crisp."),
              )),
        ),
    ),
    C(
        "Köksredskap", "Kitchen utensils",
        "Stekspadar, slevar, vispar och allt annat som behövs vid spisen.",
        "Turners, ladles, whisks and everything else you need at the hob.",
        types=(
            T("Stekspade", "turner", (79, 299), "silikon bok nylon rostfritt", cm(28, 32, label="Längd"),
              "En stekspade med tunn kant som glider in under maten.",
              "A turner with a thin edge that slides under the food."),
            T("Slev", "ladle", (79, 299), "rostfritt silikon nylon bok", cm(28, 32, label="Längd"),
              "Sleven har en djup skopa och en pip som gör det lätt att hälla.",
              "The ladle has a deep bowl and a lip that makes pouring easy."),
            T("Visp", "whisk", (79, 299), "rostfritt silikon", cm(20, 25, 30, label="Längd"),
              "Vispen ger luftig grädde, smet utan klumpar och blanka såser.",
              "The whisk gives airy cream, lump-free batter and glossy sauces."),
            T("Kökstång", "kitchen tongs", (79, 249), "rostfritt silikon", cm(24, 30, label="Längd"),
              "Tången vänder, lyfter och serverar med säkert grepp.",
              "The tongs turn, lift and serve with a secure grip."),
        ),
        children=(
            C("Mått & vågar", "Measuring and scales",
              "Vågar, måttsatser och termometrar för exakta resultat.",
              "Scales, measuring sets and thermometers for precise results.",
              types=(
                  T("Köksvåg", "kitchen scale", (199, 799), "glas rostfritt bambu",
                    options("Maxvikt", ("5 kg", "5 kg"), ("10 kg", "10 kg")),
                    "Köksvågen väger på grammet och har tarafunktion.",
                    "The kitchen scale weighs to the gram and has a tare function.",
                    dishwasher="skip"),
                  T("Måttsats", "measuring set", (79, 299), "rostfritt plast bambu",
                    options("Antal delar", ("4 delar", "4 pieces"), ("6 delar", "6 pieces")),
                    "Måttsatsen täcker allt från en krm till en dl.",
                    "The set covers everything from a pinch to a decilitre."),
                  T("Stektermometer", "meat thermometer", (149, 599), "rostfritt",
                    options("Typ", ("analog", "analogue"), ("digital", "digital")),
                    "Med stektermometern blir steken perfekt varje gång.",
                    "The meat thermometer makes the roast perfect every time.",
                    dishwasher="skip"),
              )),
            C("Rivjärn & skalare", "Graters and peelers",
              "Rivjärn, skalare och mandoliner för snabbare förberedelser.",
              "Graters, peelers and mandolines for faster prep.",
              types=(
                  T("Rivjärn", "grater", (99, 449), "rostfritt",
                    options("Rivning", ("fin", "fine"), ("grov", "coarse"), ("kombi", "combination")),
                    "De etsade skären river ost, citrusskal och grönsaker utan ansträngning.",
                    "The etched blades grate cheese, zest and vegetables without effort."),
                  T("Potatisskalare", "peeler", (49, 199), "rostfritt keramisk",
                    options("Modell", ("rak", "straight"), ("Y-modell", "Y-shaped")),
                    "Skalaren tar bort tunna skal och sparar det mesta av grönsaken.",
                    "The peeler removes thin strips and saves most of the vegetable."),
                  T("Mandolin", "mandoline", (299, 999), "rostfritt plast",
                    options("Antal blad", ("3 blad", "3 blades"), ("5 blad", "5 blades")),
                    "Mandolinen skivar och strimlar grönsaker jämnt och snabbt.",
                    "The mandoline slices and juliennes vegetables evenly and quickly."),
              )),
            C("Durkslag & silar", "Colanders and sieves",
              "Durkslag och silar för pasta, grönsaker och buljong.",
              "Colanders and sieves for pasta, vegetables and stock.",
              types=(
                  T("Durkslag", "colander", (99, 499), "rostfritt emaljstal silikon", cm(20, 24, 28),
                    "Durkslaget står stadigt i diskhon när du häller av pastan.",
                    "The colander stands firm in the sink when you drain the pasta."),
                  T("Sil", "sieve", (79, 349), "rostfritt", cm(8, 14, 20),
                    "Den finmaskiga silen sållar mjöl och silar buljong och såser.",
                    "The fine-mesh sieve sifts flour and strains stocks and sauces."),
              )),
        ),
    ),
    C(
        "Skärbrädor", "Cutting boards",
        "Skärbrädor i massivt trä och hygieniska material för daglig användning.",
        "Cutting boards in solid wood and hygienic materials for everyday use.",
        types=(
            T("Skärbräda", "cutting board", (149, 1299), "ek bjork valnot akacia bambu plast komposit",
              dims("30 × 20", "40 × 25", "50 × 35"),
              "En stadig skärbräda som är skonsam mot knivarna.",
              "A sturdy cutting board that is kind to your knives."),
            T("Serveringsbräda", "serving board", (149, 899), "ek valnot akacia marmor", dims("35 × 15", "45 × 20"),
              "Serveringsbrädan passar lika bra för ost och chark som för bröd.",
              "The serving board suits cheese and charcuterie as well as bread."),
            T("Stabbe", "end-grain chopping block", (599, 2499), "ek bjork valnot", dims("40 × 30", "50 × 35"),
              "Stabben är limmad av ändträ som sluter sig kring knivens snitt.",
              "The block is glued from end grain that closes around every cut."),
        ),
    ),
    C(
        "Servering", "Serving",
        "Fat, karaffer och kvarnar som gör dukningen komplett.",
        "Platters, carafes and mills that complete the table.",
        children=(
            C("Serveringsfat", "Platters",
              "Fat och tårtfat för buffén och fikat.",
              "Platters and cake stands for the buffet and coffee break.",
              types=(
                  T("Serveringsfat", "serving platter", (199, 799), "stengods porslin keramik", cm(30, 36, 42, label="Längd"),
                    "Ett rymligt fat för stek, sallad eller smörgåstårta.",
                    "A roomy platter for roasts, salads or sandwich cake."),
                  T("Tårtfat", "cake stand", (249, 699), "glas porslin stengods", cm(26, 30),
                    "Tårtfatet på fot lyfter fram kakorna på kalaset.",
                    "The footed cake stand shows off cakes at the party."),
              )),
            C("Karaffer & kannor", "Carafes and jugs",
              "Karaffer, kannor och termoskannor för vatten, saft och kaffe.",
              "Carafes, jugs and vacuum jugs for water, cordial and coffee.",
              types=(
                  T("Karaff", "carafe", (149, 599), "glas borosilikat kristall", litres(0.75, 1, 1.5),
                    "Karaffen häller droppfritt och är lätt att diska.",
                    "The carafe pours without drips and is easy to wash."),
                  T("Tillbringare", "jug", (149, 599), "stengods glas keramik", litres(1, 1.5),
                    "Tillbringaren rymmer saft, vatten eller mjölk till hela bordet.",
                    "The jug holds cordial, water or milk for the whole table."),
                  T("Termoskanna", "vacuum jug", (299, 899), "rostfritt", litres(1, 1.5),
                    "Termoskannan håller kaffet varmt i flera timmar.",
                    "The vacuum jug keeps coffee hot for hours.",
                    dishwasher=False),
              )),
            C("Salt & peppar", "Salt and pepper",
              "Kvarnar med justerbara keramiska malverk.",
              "Mills with adjustable ceramic grinders.",
              types=(
                  T("Pepparkvarn", "pepper mill", (199, 899), "ek valnot akacia rostfritt", cm(14, 18, 22, label="Höjd"),
                    "Det keramiska malverket ställs enkelt från fint till grovt.",
                    "The ceramic grinder adjusts easily from fine to coarse."),
                  T("Saltkvarn", "salt mill", (199, 899), "ek valnot akacia rostfritt", cm(14, 18, 22, label="Höjd"),
                    "Saltkvarnen maler flingsalt och havssalt utan att rosta.",
                    "The salt mill grinds flaky and sea salt without corroding."),
              )),
        ),
    ),
    C(
        "Kaffe & te", "Coffee and tea",
        "Allt för den goda koppen, från presskannor och mokabryggare till tekannor.",
        "Everything for a good cup, from French presses and moka pots to teapots.",
        types=(
            T("Termosmugg", "travel mug", (149, 449), "rostfritt", cl(35, 45),
              "Termosmuggen håller kaffet varmt hela vägen till jobbet.",
              "The travel mug keeps coffee hot all the way to work.",
              dishwasher=False),
        ),
        children=(
            C("Kaffebryggning", "Coffee brewing",
              "Presskannor, droppare och mokabryggare för kaffe utan maskin.",
              "French presses, drippers and moka pots for coffee without a machine.",
              types=(
                  T("Presskanna", "French press", (199, 799), "borosilikat rostfritt", litres(0.35, 0.8, 1),
                    "Presskannan ger ett fylligt kaffe på fyra minuter.",
                    "The French press makes full-bodied coffee in four minutes."),
                  T("Kaffedroppare", "pour-over dripper", (149, 449), "porslin glas rostfritt",
                    options("Kapacitet", ("1–2 koppar", "1–2 cups"), ("2–4 koppar", "2–4 cups")),
                    "Droppbryggt kaffe lyfter fram bönornas fruktiga toner.",
                    "Pour-over brewing brings out the fruity notes of the beans."),
                  T("Mokabryggare", "moka pot", (249, 799), "aluminium rostfritt",
                    options("Kapacitet", ("3 koppar", "3 cups"), ("6 koppar", "6 cups"), ("9 koppar", "9 cups")),
                    "Mokabryggaren gör starkt kaffe direkt på spisen.",
                    "The moka pot makes strong coffee right on the hob."),
                  T("Kaffekvarn", "manual coffee grinder", (349, 1299), "rostfritt bok",
                    options("Kapacitet", ("30 g", "30 g"), ("40 g", "40 g")),
                    "Det koniska malverket ger jämn malning för allt från espresso till presskanna.",
                    "The conical burr gives an even grind for everything from espresso to French press.",
                    dishwasher=False),
              )),
            C("Te", "Tea",
              "Tekannor och silar för löste och örtte.",
              "Teapots and strainers for loose-leaf and herbal tea.",
              types=(
                  T("Tekanna", "teapot", (249, 899), "gjutjarn porslin glas stengods", litres(0.8, 1, 1.2),
                    "Tekannan har en löstagbar sil för löste.",
                    "The teapot has a removable strainer for loose-leaf tea."),
                  T("Tesil", "tea strainer", (49, 199), "rostfritt silikon",
                    options("Storlek", ("liten", "small"), ("stor", "large")),
                    "Tesilen ger bladen plats att vecklas ut i koppen.",
                    "The strainer gives the leaves room to unfurl in the cup."),
              )),
        ),
    ),
    C(
        "Glas", "Glassware",
        "Vinglas, dricksglas och glas för alla tillfällen.",
        "Wine glasses, tumblers and glasses for every occasion.",
        children=(
            C("Vinglas", "Wine glasses",
              "Vinglas formade för att lyfta fram doft och smak.",
              "Wine glasses shaped to bring out aroma and flavour.",
              types=(
                  T("Rödvinsglas", "red wine glass", (99, 449), "kristall munblast glas", cl(45, 55, 65),
                    "Den stora kupan ger det röda vinet plats att andas.",
                    "The large bowl gives red wine room to breathe."),
                  T("Vitvinsglas", "white wine glass", (89, 399), "kristall munblast glas", cl(30, 35, 40),
                    "Den smalare kupan håller det vita vinet svalt och samlar doften.",
                    "The narrower bowl keeps white wine cool and gathers the aroma."),
                  T("Champagneglas", "champagne glass", (89, 399), "kristall munblast glas", cl(18, 22),
                    "Det höga glaset låter bubblorna stiga länge.",
                    "The tall glass lets the bubbles rise for longer."),
              )),
            C("Dricksglas", "Tumblers",
              "Vardagsglas, ölglas och whiskyglas.",
              "Everyday glasses, beer glasses and whisky tumblers.",
              types=(
                  T("Dricksglas", "tumbler", (39, 199), "glas kristall munblast", cl(20, 30, 40),
                    "Ett stadigt vardagsglas för vatten, mjölk och juice.",
                    "A sturdy everyday glass for water, milk and juice."),
                  T("Ölglas", "beer glass", (69, 249), "glas kristall", cl(40, 50),
                    "Ölglaset samlar skummet och lyfter fram humlearomerna.",
                    "The beer glass holds the head and brings out the hop aromas."),
                  T("Whiskyglas", "whisky glass", (99, 449), "kristall munblast", cl(25, 30),
                    "Den tunga botten gör glaset stabilt i handen.",
                    "The heavy base makes the glass feel steady in the hand."),
              )),
        ),
    ),
    C(
        "Porslin", "Tableware",
        "Tallrikar, skålar och muggar i porslin och stengods för vardag och fest.",
        "Plates, bowls and mugs in porcelain and stoneware for every day and special occasions.",
        children=(
            C("Tallrikar", "Plates",
              "Flata, djupa och små tallrikar som går att kombinera.",
              "Dinner, soup and side plates that mix and match.",
              types=(
                  T("Tallrik", "dinner plate", (79, 349), "stengods porslin benporslin keramik", cm(25, 27, 29),
                    "En flat tallrik med bred kant som ramar in maten.",
                    "A dinner plate with a wide rim that frames the food."),
                  T("Assiett", "side plate", (59, 249), "stengods porslin benporslin keramik", cm(17, 19, 21),
                    "Assietten passar till bröd, förrätt och kaka.",
                    "The side plate suits bread, starters and cake."),
                  T("Djup tallrik", "soup plate", (69, 299), "stengods porslin benporslin keramik", cm(20, 22, 24),
                    "Den djupa tallriken rymmer soppa, pasta och gryträtter.",
                    "The soup plate holds soup, pasta and stews."),
              )),
            C("Skålar", "Bowls",
              "Skålar för frukost, sallad och servering.",
              "Bowls for breakfast, salad and serving.",
              types=(
                  T("Skål", "bowl", (49, 249), "stengods porslin keramik benporslin", cm(12, 15, 18),
                    "En mångsidig skål för fil, gröt och efterrätt.",
                    "A versatile bowl for yoghurt, porridge and dessert."),
                  T("Serveringsskål", "serving bowl", (149, 599), "stengods porslin keramik", cm(22, 26, 30),
                    "Serveringsskålen rymmer sallad eller potatis till hela sällskapet.",
                    "The serving bowl holds salad or potatoes for the whole party."),
              )),
            C("Muggar & koppar", "Mugs and cups",
              "Muggar, kaffekoppar och espressokoppar.",
              "Mugs, coffee cups and espresso cups.",
              types=(
                  T("Mugg", "mug", (79, 299), "stengods porslin benporslin keramik", cl(25, 35, 45),
                    "Muggen har ett rejält handtag och håller värmen länge.",
                    "The mug has a generous handle and keeps drinks warm for longer."),
                  T("Kopp med fat", "cup and saucer", (99, 349), "porslin benporslin", cl(20, 25),
                    "En klassisk kaffekopp med fat för fikastunden.",
                    "A classic cup and saucer for the coffee break."),
                  T("Espressokopp", "espresso cup", (69, 249), "porslin stengods", cl(8, 10),
                    "Den tjocka väggen håller espresson varm och creman fin.",
                    "The thick wall keeps the espresso hot and the crema intact."),
              )),
        ),
    ),
    C(
        "Köksmaskiner", "Kitchen appliances",
        "Köksassistenter, kaffemaskiner och småapparater som sparar tid i köket.",
        "Stand mixers, coffee machines and small appliances that save time in the kitchen.",
        kind="machine",
        warranty_months=24,
        extras=(WARRANTY,),
        children=(
            C("Köksassistenter & mixrar", "Stand mixers and blenders",
              "Maskiner som knådar, vispar, mixar och hackar.",
              "Machines that knead, whisk, blend and chop.",
              types=(
                  T("Köksassistent", "stand mixer", (2499, 9999), "borstat gjuten mattsvart", litres(4.8, 5.5, 6.9),
                    "Köksassistenten knådar tunga degar och vispar maränger utan att tveka.",
                    "The stand mixer kneads heavy doughs and whips meringues without hesitation.",
                    extras=(("Effekt", ("800 W", "1000 W", "1200 W")),)),
                  T("Blender", "blender", (599, 3999), "borstat mattsvart", litres(1.5, 1.75, 2),
                    "Blendern gör krossad is, smoothies och sammetslena soppor.",
                    "The blender makes crushed ice, smoothies and velvety soups."),
                  T("Stavmixer", "hand blender", (499, 1499), "rostfritt borstat mattsvart", watts(600, 800, 1000),
                    "Stavmixern mixar soppan direkt i kastrullen.",
                    "The hand blender purées soup right in the pan."),
                  T("Matberedare", "food processor", (999, 4999), "borstat mattsvart", litres(2.5, 3.5),
                    "Matberedaren hackar, river och skivar på några sekunder.",
                    "The food processor chops, grates and slices in seconds."),
              )),
            C("Kaffemaskiner", "Coffee machines",
              "Espressomaskiner, kaffebryggare och vattenkokare.",
              "Espresso machines, coffee makers and kettles.",
              types=(
                  T("Espressomaskin", "espresso machine", (2999, 9999), "borstat rostfritt mattsvart", litres(1.5, 2),
                    "Espressomaskinen har stabil bryggtemperatur och kraftfullt ångrör.",
                    "The espresso machine keeps a steady brewing temperature and has a powerful steam wand."),
                  T("Kaffebryggare", "coffee maker", (599, 2499), "borstat mattsvart rostfritt", litres(1.25, 1.5),
                    "Kaffebryggaren håller rätt temperatur för ett välbalanserat bryggkaffe.",
                    "The coffee maker holds the right temperature for well-balanced filter coffee."),
                  T("Vattenkokare", "kettle", (499, 1499), "rostfritt glas mattsvart", litres(1, 1.5, 1.7),
                    "Vattenkokaren har temperaturval för te, kaffe och barnmat.",
                    "The kettle has temperature settings for tea, coffee and baby food."),
              )),
            C("Småapparater", "Small appliances",
              "Brödrostar, våffeljärn och airfryers.",
              "Toasters, waffle irons and air fryers.",
              types=(
                  T("Brödrost", "toaster", (499, 1999), "borstat mattsvart rostfritt",
                    options("Kapacitet", ("2 skivor", "2 slices"), ("4 skivor", "4 slices")),
                    "Brödrosten har breda fack och jämn rostning.",
                    "The toaster has wide slots and browns evenly."),
                  T("Våffeljärn", "waffle iron", (499, 1499), "nonstick gjutjarn",
                    options("Våffeltyp", ("hjärtvåfflor", "heart waffles"), ("belgiska våfflor", "Belgian waffles")),
                    "Våffeljärnet ger frasiga våfflor till våffeldagen.",
                    "The waffle iron makes crisp waffles for Waffle Day."),
                  T("Airfryer", "air fryer", (899, 2999), "mattsvart borstat", litres(3.5, 5.5, 7),
                    "Airfryern ger krispig pommes och kyckling med nästan inget fett.",
                    "The air fryer makes crisp fries and chicken with almost no fat."),
              )),
        ),
    ),
    C(
        "Grill", "Grilling",
        "Grillar och tillbehör för grillkvällar året runt.",
        "Grills and accessories for barbecue evenings all year round.",
        children=(
            C("Grillar", "Grills",
              "Kolgrillar, gasgrillar och bordsgrillar.",
              "Charcoal grills, gas grills and tabletop grills.",
              types=(
                  T("Kolgrill", "charcoal grill", (799, 4999), "emaljstal rostfritt gjutjarn", cm(47, 57, 67),
                    "Kolgrillen har lock och justerbara spjäll för både snabb och långsam grillning.",
                    "The charcoal grill has a lid and adjustable vents for fast and slow grilling.",
                    dishwasher="skip"),
                  T("Gasgrill", "gas grill", (2999, 9999), "rostfritt emaljstal",
                    options("Brännare", ("2 brännare", "2 burners"), ("3 brännare", "3 burners"),
                            ("4 brännare", "4 burners")),
                    "Gasgrillen är varm på några minuter och har jämn värme över hela gallret.",
                    "The gas grill heats up in minutes and has even heat across the grate.",
                    dishwasher="skip", extras=(WARRANTY,)),
                  T("Bordsgrill", "tabletop grill", (499, 1499), "emaljstal rostfritt gjutjarn", cm(35, 40),
                    "Bordsgrillen får plats på balkongen och följer med på picknicken.",
                    "The tabletop grill fits on the balcony and comes along on picnics.",
                    dishwasher="skip"),
              )),
            C("Grilltillbehör", "Grill accessories",
              "Tänger, spett, borstar och pizzastenar.",
              "Tongs, skewers, brushes and pizza stones.",
              types=(
                  T("Grilltång", "grill tongs", (99, 349), "rostfritt bok", cm(35, 45, label="Längd"),
                    "Den långa tången håller händerna på behörigt avstånd från glöden.",
                    "The long tongs keep your hands at a safe distance from the embers."),
                  T("Grillspett", "skewers", (79, 249), "rostfritt bambu", packs(6, 12),
                    "Platta spett som håller maten på plats när du vänder dem.",
                    "Flat skewers that keep the food in place when you turn them."),
                  T("Grillborste", "grill brush", (99, 299), "rostfritt massing", cm(30, 45, label="Längd"),
                    "Grillborsten gör gallret rent medan det fortfarande är varmt.",
                    "The brush cleans the grate while it is still warm."),
                  T("Pizzasten", "pizza stone", (299, 799), "kordierit", cm(33, 38),
                    "Pizzastenen ger napolitansk botten i grillen eller ugnen.",
                    "The pizza stone gives a Neapolitan-style base in the grill or oven."),
                  T("Grillhandske", "grill glove", (149, 399), "lader silikon",
                    options("Storlek", ("M", "M"), ("L", "L"), ("XL", "XL")),
                    "Handsken skyddar mot värme upp till 300 °C.",
                    "The glove protects against heat up to 300 °C."),
              )),
        ),
    ),
    C(
        "Textil", "Kitchen textiles",
        "Handdukar, förkläden, grytlappar och dukar i naturmaterial.",
        "Tea towels, aprons, pot holders and tablecloths in natural fibres.",
        kind="textile",
        types=(
            T("Kökshandduk", "tea towel", (59, 199), "bomull linne halvlinne", dims("45 × 65", "50 × 70"),
              "Kökshandduken torkar glas och porslin utan att ludda.",
              "The tea towel dries glasses and china without leaving lint."),
        ),
        children=(
            C("Förkläden & grytlappar", "Aprons and pot holders",
              "Skydd för kläder och händer i köket.",
              "Protection for clothes and hands in the kitchen.",
              types=(
                  T("Förkläde", "apron", (199, 599), "bomull linne canvas",
                    options("Modell", ("standard", "standard"), ("lång", "long")),
                    "Förklädet har justerbar nackrem och rymlig ficka.",
                    "The apron has an adjustable neck strap and a roomy pocket."),
                  T("Grytlapp", "pot holder", (49, 149), "bomull linne silikon", packs(1, 2),
                    "Grytlappen är kraftigt vadderad och har en hängögla.",
                    "The pot holder is thickly padded and has a hanging loop."),
                  T("Ugnsvante", "oven glove", (99, 299), "bomull silikon linne", NO_SIZE,
                    "Ugnsvanten skyddar hand och handled när du lyfter heta formar.",
                    "The oven glove protects hand and wrist when lifting hot dishes."),
              )),
            C("Dukar & servetter", "Tablecloths and napkins",
              "Dukar, löpare och tygservetter för dukningen.",
              "Tablecloths, runners and cloth napkins for the table.",
              types=(
                  T("Duk", "tablecloth", (299, 999), "linne bomull halvlinne", dims("140 × 180", "140 × 250", "140 × 320"),
                    "Duken ger middagsbordet en lugn och inbjudande känsla.",
                    "The tablecloth gives the dinner table a calm, inviting feel."),
                  T("Tygservett", "cloth napkin", (149, 399), "linne bomull halvlinne", packs(4, 6),
                    "Tygservetterna blir mjukare för varje tvätt.",
                    "The cloth napkins get softer with every wash."),
                  T("Löpare", "table runner", (149, 449), "linne halvlinne", dims("40 × 150", "45 × 200"),
                    "Löparen ger bordet en enkel, festlig ram.",
                    "The runner gives the table a simple, festive frame."),
              )),
        ),
    ),
    C(
        "Rengöring", "Cleaning",
        "Diskborstar, trasor och diskställ som gör disken lite trevligare.",
        "Dish brushes, cloths and drying racks that make washing up a little nicer.",
        types=(
            T("Diskborste", "dish brush", (39, 149), "bok bambu plast", cm(22, 26, label="Längd"),
              "Diskborsten har utbytbart huvud och styva borst.",
              "The dish brush has a replaceable head and stiff bristles."),
            T("Disktrasa", "dishcloth", (39, 129), "cellulosa bomull", packs(3, 5, 10),
              "Disktrasan suger effektivt och kan tvättas i maskin.",
              "The dishcloth absorbs well and is machine washable."),
            T("Diskställ", "dish rack", (199, 799), "rostfritt bambu",
              options("Modell", ("enkelt", "single"), ("dubbelt", "double")),
              "Diskstället har plats för både tallrikar, glas och bestick.",
              "The dish rack has room for plates, glasses and cutlery."),
            T("Diskmedelspump", "soap dispenser", (99, 349), "glas keramik rostfritt stengods", cl(30, 50),
              "Pumpen doserar lagom mycket diskmedel eller handtvål.",
              "The pump dispenses just the right amount of washing-up liquid or hand soap."),
            T("Flaskborste", "bottle brush", (49, 149), "bok plast", cm(30, 40, label="Längd"),
              "Flaskborsten når ända ner i botten på flaskor och karaffer.",
              "The bottle brush reaches right to the bottom of bottles and carafes."),
        ),
    ),
    C(
        "Bar & vin", "Bar and wine",
        "Korkskruvar, shakers och tillbehör för drinkar och vin.",
        "Corkscrews, shakers and accessories for cocktails and wine.",
        types=(
            T("Korkskruv", "corkscrew", (99, 699), "rostfritt ek valnot",
              options("Modell", ("servitörsmodell", "waiter's friend"), ("hävstångsmodell", "lever model")),
              "Korkskruven drar upp även långa korkar utan att de går sönder.",
              "The corkscrew pulls even long corks without breaking them.",
              dishwasher=False),
            T("Cocktailshaker", "cocktail shaker", (199, 699), "rostfritt mattsvart", cl(50, 70),
              "Shakern är tät och har inbyggd sil.",
              "The shaker is leak-proof and has a built-in strainer."),
            T("Isbitsform", "ice cube tray", (79, 199), "silikon rostfritt",
              options("Antal bitar", ("15 bitar", "15 cubes"), ("24 bitar", "24 cubes")),
              "Isbitarna släpper lätt och smälter långsamt.",
              "The cubes release easily and melt slowly."),
            T("Vinkylare", "wine cooler", (299, 999), "rostfritt marmor glas", cm(20, 23, label="Höjd"),
              "Vinkylaren håller flaskan sval hela middagen.",
              "The wine cooler keeps the bottle cool all through dinner.",
              dishwasher=False),
        ),
    ),
)

# Invented names (no real trademarks) and the top-level categories each is known for;
# an empty tuple means a full-range brand that appears everywhere.
BRANDS = (
    ("Nordkök", ()),
    ("Kvarnholm Kök", ()),
    ("Hemmakocken", ()),
    ("Skärgårdsstål", ("knivar", "koksredskap", "grill")),
    ("Knivsmedjan Norrås", ("knivar",)),
    ("Smedjeglöd", ("knivar", "stekpannor")),
    ("Fjällgjut", ("stekpannor", "kastruller", "grill", "ugnsformar")),
    ("Glöd & Gjut", ("grill", "stekpannor")),
    ("Kopparvik", ("kastruller", "stekpannor", "bar-vin")),
    ("Vinterhamn", ("kastruller", "ugnsformar", "stekpannor")),
    ("Ekbacken", ("skarbrador", "koksredskap", "servering", "forvaring")),
    ("Vedhamn", ("skarbrador", "grill", "forvaring")),
    ("Brännö Hantverk", ("skarbrador", "knivar", "servering")),
    ("Björkhemma", ("skarbrador", "koksredskap", "rengoring", "textil")),
    ("Sjöglans", ("glas", "servering", "bar-vin")),
    ("Ljusdala Glas", ("glas", "forvaring", "bar-vin")),
    ("Havsbris Design", ("servering", "glas", "porslin", "textil")),
    ("Lingonhus", ("porslin", "servering", "kaffe-te")),
    ("Stensjö Keramik", ("porslin", "ugnsformar", "kaffe-te")),
    ("Blåvinge", ("porslin", "glas")),
    ("Granlund & Dotter", ("textil", "rengoring")),
    ("Ugglebo", ("textil", "bakning")),
    ("Tallmo", ("forvaring", "bakning", "rengoring")),
    ("Sillvik", ("bakning", "koksredskap")),
    ("Mjölnaren", ("bakning", "koksmaskiner", "kaffe-te")),
    ("Åkerö", ("koksmaskiner", "kaffe-te")),
    ("Solvarv", ("koksmaskiner",)),
)

# Variant words that keep names unique once every natural combination has been used.
COLOURS = (
    ("svart", "black"), ("vit", "white"), ("grå", "grey"), ("salviagrön", "sage green"),
    ("terrakotta", "terracotta"), ("mörkblå", "navy blue"), ("senapsgul", "mustard yellow"),
    ("rosa", "pink"), ("sand", "sand"), ("olivgrön", "olive green"), ("röd", "red"),
    ("ljusblå", "light blue"), ("grafit", "graphite"), ("krämvit", "cream"),
)

CLOSING_SENTENCES = (
    ("Formgiven av {brand}.", "Designed by {brand}."),
    ("En favorit i {brand}s sortiment.", "A favourite in the {brand} range."),
    ("Tillverkad med omsorg av {brand}.", "Carefully made by {brand}."),
)
CARE_SENTENCES = {
    True: ("Tål maskindisk.", "Dishwasher safe."),
    False: ("Diskas för hand och torkas torr direkt.", "Wash by hand and dry straight away."),
}

# Product groups that visitors look for most get a larger share of a catalog.
WEIGHTS = {"stekpannor": 3, "kastruller": 3, "kockknivar": 3, "forvaring": 3, "knivar": 2, "grytor": 2}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_SLUG_PUNCTUATION = str.maketrans({",": "-", "–": "-", "×": "x", "/": "-", "&": " "})


def make_slug(text):
    """An ASCII slug: å, ä → a and ö → o (slugify's NFKD folding), "1,5 l" → "1-5-l"."""
    return slugify(text.translate(_SLUG_PUNCTUATION))


def charm_price(kronor, low, high, rng):
    """A shop price in whole kronor: 49, 149, 199, 1 299 … and now and then one ending in 5."""
    kronor = min(max(kronor, low), high)
    if kronor < 100:
        price = int(kronor // 10) * 10 + 9
    elif kronor < 1000:
        price = int(kronor // 50) * 50 + 49
    else:
        price = int(kronor // 100) * 100 + 99
    if rng.random() < 0.06:
        price -= 4
    return min(max(price, low), high)


@dataclass
class _Group:
    """A category that holds products itself, with every type × material × size it can offer."""

    spec: CategorySpec
    top: CategorySpec
    kind: str
    extras: tuple
    combos: list = field(default_factory=list)
    category_id: int = 0
    brand_ids: tuple = ()


def _groups():
    groups = []

    def walk(spec, top, kind, extras):
        kind = spec.kind or kind
        extras = extras + spec.extras
        if spec.types:
            group = _Group(spec, top, kind, extras)
            for product_type in spec.types:
                for material in product_type.materials:
                    for size_index in range(len(product_type.sizes)):
                        group.combos.append((product_type, material, size_index))
            groups.append(group)
        for child in spec.children:
            walk(child, top, kind, extras)

    for spec in CATALOG:
        walk(spec, spec, spec.kind, ())
    return groups


def natural_combinations():
    """How many products the catalog has before names need a colour or model number."""
    return sum(len(group.combos) for group in _groups())


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

PALETTES = (  # background, main, accent
    ((244, 239, 230), (52, 56, 64), (196, 120, 72)),
    ((232, 240, 236), (74, 110, 96), (214, 180, 130)),
    ((236, 236, 246), (70, 80, 140), (222, 196, 110)),
    ((248, 234, 228), (186, 92, 70), (92, 72, 62)),
    ((234, 240, 246), (112, 124, 138), (52, 58, 66)),
    ((246, 242, 224), (176, 138, 56), (72, 96, 84)),
)

SHAPES = {
    "knivar": "knife", "stekpannor": "pan", "kastruller": "pot", "ugnsformar": "dish", "bakning": "tin",
    "forvaring": "jar", "koksredskap": "utensil", "skarbrador": "board", "servering": "carafe",
    "kaffe-te": "press", "glas": "glass", "porslin": "plate", "koksmaskiner": "mixer", "grill": "grill",
    "textil": "towel", "rengoring": "brush", "bar-vin": "bottle",
}


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def _draw_shape(draw, shape, main, accent, bg):
    white = (255, 255, 255)
    glass = _mix(bg, white, 0.55)
    light = _mix(main, white, 0.25)
    dark = _mix(main, (0, 0, 0), 0.3)
    if shape == "pan":
        draw.rounded_rectangle((600, 445, 910, 515), 30, fill=accent)
        draw.ellipse((120, 200, 680, 760), fill=main)
        draw.ellipse((165, 245, 635, 715), fill=light)
    elif shape == "pot":
        draw.rounded_rectangle((160, 470, 260, 520), 20, fill=accent)
        draw.rounded_rectangle((700, 470, 800, 520), 20, fill=accent)
        draw.rounded_rectangle((230, 420, 730, 770), 50, fill=main)
        draw.ellipse((210, 350, 750, 450), fill=dark)
        draw.rounded_rectangle((430, 300, 530, 370), 24, fill=accent)
    elif shape == "knife":
        blade = _mix(main, white, 0.7)
        draw.polygon([(90, 480), (230, 420), (600, 420), (600, 560), (300, 560), (170, 535)], fill=blade)
        draw.line([(170, 535), (300, 560), (600, 560)], fill=_mix(blade, white, 0.6), width=8)
        draw.rectangle((600, 430, 640, 550), fill=dark)
        draw.rounded_rectangle((640, 445, 890, 535), 36, fill=main)
        for x in (700, 770, 840):
            draw.ellipse((x - 12, 478, x + 12, 502), fill=accent)
    elif shape == "dish":
        draw.rounded_rectangle((120, 400, 220, 560), 30, fill=dark)
        draw.rounded_rectangle((740, 400, 840, 560), 30, fill=dark)
        draw.rounded_rectangle((180, 300, 780, 660), 90, fill=main)
        draw.rounded_rectangle((230, 350, 730, 610), 60, fill=light)
        draw.rounded_rectangle((270, 390, 690, 570), 50, fill=accent)
    elif shape == "tin":
        draw.ellipse((220, 220, 740, 740), fill=main)
        for i in range(12):
            angle = i * math.pi / 6
            x, y = 480 + 220 * math.cos(angle), 480 + 220 * math.sin(angle)
            draw.line([(480, 480), (x, y)], fill=dark, width=10)
        draw.ellipse((310, 310, 650, 650), fill=light)
        draw.ellipse((420, 420, 540, 540), fill=bg)
    elif shape == "jar":
        draw.rounded_rectangle((280, 330, 680, 790), 70, fill=glass, outline=main, width=12)
        draw.rounded_rectangle((300, 560, 660, 770), 50, fill=accent)
        draw.rounded_rectangle((300, 250, 660, 345), 26, fill=main)
    elif shape == "utensil":
        draw.rounded_rectangle((450, 430, 510, 870), 28, fill=accent)
        draw.rounded_rectangle((360, 120, 600, 450), 60, fill=main)
        for x in (420, 480, 540):
            draw.rounded_rectangle((x - 12, 170, x + 12, 380), 12, fill=bg)
    elif shape == "board":
        draw.rounded_rectangle((150, 290, 810, 690), 60, fill=accent)
        grain = _mix(accent, (0, 0, 0), 0.15)
        for y in (360, 430, 520, 600):
            draw.arc((120, y - 40, 700, y + 40), 200, 340, fill=grain, width=6)
        draw.ellipse((715, 465, 765, 515), fill=bg)
    elif shape == "carafe":
        draw.ellipse((270, 430, 690, 810), fill=glass, outline=main, width=12)
        draw.rounded_rectangle((410, 190, 550, 470), 30, fill=glass, outline=main, width=12)
        draw.chord((282, 442, 678, 798), 10, 170, fill=accent)
    elif shape == "press":
        draw.rounded_rectangle((640, 380, 760, 690), 40, outline=main, width=28)
        draw.rectangle((330, 300, 650, 790), fill=glass, outline=main, width=12)
        draw.rectangle((342, 470, 638, 778), fill=(92, 60, 42))
        draw.rounded_rectangle((310, 255, 670, 310), 20, fill=main)
        draw.rectangle((470, 160, 490, 260), fill=main)
        draw.ellipse((445, 110, 515, 180), fill=accent)
    elif shape == "glass":
        draw.ellipse((330, 160, 630, 540), fill=glass, outline=main, width=10)
        draw.chord((340, 170, 620, 530), 20, 160, fill=accent)
        draw.rectangle((468, 530, 492, 760), fill=main)
        draw.ellipse((360, 740, 600, 790), fill=main)
    elif shape == "plate":
        draw.ellipse((160, 160, 800, 800), fill=_mix(bg, white, 0.8), outline=main, width=16)
        draw.ellipse((270, 270, 690, 690), outline=main, width=8)
        draw.ellipse((400, 400, 560, 560), fill=accent)
    elif shape == "mixer":
        draw.rounded_rectangle((230, 720, 760, 800), 24, fill=main)
        draw.rounded_rectangle((600, 300, 720, 740), 30, fill=main)
        draw.rounded_rectangle((220, 200, 720, 380), 80, fill=main)
        draw.line([(420, 380), (420, 560)], fill=dark, width=16)
        draw.chord((270, 420, 570, 740), 0, 180, fill=_mix(accent, white, 0.3))
        draw.rectangle((270, 575, 570, 585), fill=_mix(accent, white, 0.3))
    elif shape == "grill":
        for x0, x1 in ((300, 240), (660, 720)):
            draw.line([(x0, 640), (x1, 870)], fill=dark, width=18)
        draw.line([(480, 700), (480, 870)], fill=dark, width=18)
        draw.chord((210, 210, 750, 750), 0, 180, fill=main)
        draw.rectangle((200, 470, 760, 490), fill=accent)
        draw.chord((230, 180, 730, 480), 180, 360, fill=light)
    elif shape == "towel":
        draw.rounded_rectangle((440, 120, 520, 200), 30, outline=main, width=12)
        draw.rectangle((270, 180, 690, 830), fill=main)
        for y in (260, 320, 700, 760):
            draw.rectangle((270, y, 690, y + 24), fill=accent)
    elif shape == "brush":
        for y in range(420, 560, 22):
            draw.rectangle((90, y, 180, y + 12), fill=_mix(accent, white, 0.5))
        draw.rounded_rectangle((160, 390, 440, 570), 60, fill=main)
        draw.rounded_rectangle((420, 445, 880, 515), 34, fill=accent)
    elif shape == "bottle":
        draw.rounded_rectangle((360, 370, 600, 850), 60, fill=main)
        draw.ellipse((360, 300, 600, 460), fill=main)
        draw.rounded_rectangle((440, 150, 520, 380), 20, fill=main)
        draw.rectangle((440, 150, 520, 190), fill=accent)
        draw.rectangle((380, 560, 580, 710), fill=_mix(bg, white, 0.7))
    else:
        draw.rounded_rectangle((260, 260, 700, 700), 80, fill=main)
        draw.ellipse((380, 380, 580, 580), fill=accent)


def render_image(shape, variant):
    """One product picture as WebP bytes: a shape on a soft background, drawn at twice the size
    and scaled down so the edges come out smooth."""
    from PIL import Image, ImageDraw

    bg, main, accent = PALETTES[variant % len(PALETTES)]
    size = IMAGE_SIZE * 2
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    _draw_shape(ImageDraw.Draw(layer), shape, main, accent, bg)
    left, _top, right, bottom = layer.getbbox() or (size // 4, 0, size * 3 // 4, size * 3 // 4)
    canvas = Image.new("RGB", (size, size), bg)
    # A flat shadow right under the object makes it stand on a surface rather than float.
    inset = (right - left) * 0.1
    ImageDraw.Draw(canvas).ellipse(
        (left + inset, bottom - 30, right - inset, min(bottom + 50, size - 10)), fill=_mix(bg, (0, 0, 0), 0.07)
    )
    canvas.paste(layer, (0, 0), layer)
    buffer = io.BytesIO()
    # Exactly half the size: a box filter is as smooth as Lanczos here and far faster.
    canvas.reduce(2).save(buffer, format="WEBP", quality=IMAGE_QUALITY, method=2)
    return buffer.getvalue()


def image_name(top_slug, variant):
    return f"{IMAGE_DIR}/{top_slug}-{variant + 1}.webp"


def ensure_images():
    """Make sure the image pool is in storage; returns (names by top-level slug, how many were drawn)."""
    pool, rendered = {}, 0
    for spec in CATALOG:
        names = []
        for variant in range(IMAGE_VARIANTS):
            name = image_name(spec.slug, variant)
            if not default_storage.exists(name):
                saved = default_storage.save(name, ContentFile(render_image(SHAPES.get(spec.slug, ""), variant)))
                name, rendered = saved, rendered + 1
            names.append(name)
        pool[spec.slug] = names
    return pool, rendered


# --------------------------------------------------------------------------------------------
# The database
# --------------------------------------------------------------------------------------------

# The catalog's own receivers queue one reindex and version bump per row; a bulk replace would
# queue one per product, so they are muted while deleting and the index is rebuilt once instead.
_RECEIVERS = (
    (post_save, Product, "catalog_product_saved", "product_changed"),
    (post_delete, Product, "catalog_product_deleted", "product_changed"),
    (post_save, Category, "catalog_category_saved", "category_changed"),
    (post_delete, Category, "catalog_category_deleted", "category_changed"),
    (post_save, Brand, "catalog_brand_saved", "brand_changed"),
    (post_delete, Brand, "catalog_brand_deleted", "brand_changed"),
)


@contextmanager
def _catalog_receivers_muted():
    muted = []
    try:
        for signal, sender, uid, name in _RECEIVERS:
            receiver = getattr(catalog_signals, name, None)
            if receiver is not None and signal.disconnect(sender=sender, dispatch_uid=uid):
                muted.append((signal, sender, uid, receiver))
        yield
    finally:
        for signal, sender, uid, receiver in muted:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)


def delete_catalog():
    """Delete every product, category and brand (Django's collector still honours PROTECT elsewhere)."""
    with _catalog_receivers_muted():
        Product.objects.all().delete()
        # Category.parent is PROTECT, so the tree goes leaves first.
        while Category.objects.exists():
            Category.objects.filter(children__isnull=True).delete()
        Brand.objects.all().delete()


def _take_warranty(specifications):
    """The drawn "Garanti" line becomes the product's warranty field (months) instead of a specification."""
    for index, (label, value) in enumerate(specifications):
        if label == WARRANTY[0]:
            del specifications[index]
            return int(value.split()[0]) * 12
    return None


def _ensure_categories():
    """Create the categories that are missing (by slug); returns {slug: id} for all of them."""
    ids = dict(Category.objects.values_list("slug", "id"))
    level = [(spec, None, position) for position, spec in enumerate(CATALOG, start=1)]
    while level:
        missing = [
            Category(
                slug=spec.slug, name=spec.name, name_en=spec.name_en, description=spec.description,
                description_en=spec.description_en, position=position * 10, warranty_months=spec.warranty_months,
                parent_id=ids[parent.slug] if parent else None,
            )
            for spec, parent, position in level
            if spec.slug not in ids
        ]
        for category in Category.objects.bulk_create(missing):
            ids[category.slug] = category.pk
        if any(category.pk is None for category in missing):  # backends without RETURNING
            ids.update(Category.objects.values_list("slug", "id"))
        level = [
            (child, spec, position)
            for spec, _parent, _ in level
            for position, child in enumerate(spec.children, start=1)
        ]
    return ids


def _ensure_brands():
    """Create the brands that are missing (by slug or name); returns {slug: id}."""
    wanted = {make_slug(name): name for name, _ in BRANDS}
    existing = Brand.objects.filter(Q(slug__in=wanted) | Q(name__in=wanted.values()))
    ids = {}
    for brand in existing:
        ids[brand.slug] = brand.pk
        ids[make_slug(brand.name)] = brand.pk
    Brand.objects.bulk_create([Brand(name=name, slug=slug) for slug, name in wanted.items() if slug not in ids])
    ids.update(Brand.objects.filter(slug__in=wanted).values_list("slug", "id"))
    return {slug: ids[slug] for slug in wanted}


def _set_created_at(rows):
    """bulk_create stamps auto_now_add with the current time; put the planned dates in its place."""
    meta = Product._meta
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('created_at').column)} = %s"
        f" WHERE {quote(meta.pk.column)} = %s"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(adapt(created), pk) for pk, created in rows])


class _Namer:
    """Unique slugs and SKUs, continuing after whatever is already in the table."""

    def __init__(self, existing_slugs, existing_skus, next_number):
        self.slugs = existing_slugs
        self.skus = existing_skus
        self.number = next_number

    def sku(self):
        while f"{SKU_PREFIX}{self.number:06d}" in self.skus:
            self.number += 1
        sku = f"{SKU_PREFIX}{self.number:06d}"
        self.number += 1
        self.skus.add(sku)
        return sku

    def slug(self, name, sku):
        slug = make_slug(name)[:200]
        if slug in self.slugs:
            slug = f"{slug}-{sku.lower()}"
        self.slugs.add(slug)
        return slug


def _plan(groups, rng, count):
    """Yield (group, product type, material key, size index, round) for `count` products.

    Every group gets a product before any gets a second; after that groups are drawn by weight.
    Each group walks its own shuffled list of combinations; a second lap through the list adds a
    colour word to the name, later laps a model number too.
    """
    orders = []
    for group in groups:
        combos = list(group.combos)
        rng.shuffle(combos)
        orders.append(combos)
    weights = [len(group.combos) * WEIGHTS.get(group.spec.slug, 1) for group in groups]
    cumulative, total = [], 0
    for weight in weights:
        total += weight
        cumulative.append(total)
    used = [0] * len(groups)
    indices = range(len(groups))
    for i in range(count):
        index = i if i < len(groups) else rng.choices(indices, cum_weights=cumulative)[0]
        combos = orders[index]
        lap, position = divmod(used[index], len(combos))
        used[index] += 1
        yield (groups[index], *combos[position], lap)


def _describe(group, product_type, material_key, size_index, lap, brand_name, rng):
    material = MATERIALS[material_key]
    size = product_type.sizes[size_index]
    size_first = product_type.size_first if product_type.size_first is not None else group.kind == "knife"
    middle = [size.sv, material.sv] if size_first else [material.sv, size.sv]
    name = " ".join(part for part in (product_type.sv, *middle) if part)
    name_en = " ".join(part for part in (material.en, product_type.en, size.en) if part)
    name_en = name_en[:1].upper() + name_en[1:]

    specifications = [["Material", material.spec]]
    if size.label:
        specifications.append([size.label, size.value])
    for label, values in group.extras + product_type.extras:
        specifications.append([label, rng.choice(values)])
    if group.kind == "cookware" and material.induction is not None:
        specifications.append(["Induktion", "Ja" if material.induction else "Nej"])
    dishwasher = product_type.dishwasher if product_type.dishwasher is not None else material.dishwasher
    if group.kind == "knife":
        dishwasher = False
    if group.kind == "textile" and material.wash:
        specifications.append(["Tvätt", material.wash])
    elif group.kind != "machine" and dishwasher in (True, False):
        specifications.append(["Diskmaskinssäker", "Ja" if dishwasher else "Nej"])

    colour = None
    if lap:
        colour = (lap - 1) % len(COLOURS)
        colour_sv, colour_en = COLOURS[colour]
        model = (lap - 1) // len(COLOURS)
        name, name_en = f"{name}, {colour_sv}", f"{name_en}, {colour_en}"
        if model:
            name, name_en = f"{name} – modell {model + 1}", f"{name_en} – model {model + 1}"
        specifications.append(["Färg", colour_sv[:1].upper() + colour_sv[1:]])

    text_sv, text_en = material.text_sv, material.text_en
    if group.kind == "knife" and material_key in KNIFE_TEXTS:
        text_sv, text_en = KNIFE_TEXTS[material_key]
    sentences_sv, sentences_en = [product_type.text_sv, text_sv], [product_type.text_en, text_en]
    if rng.random() < 0.5:
        if dishwasher in (True, False) and group.kind not in ("machine", "textile") and rng.random() < 0.5:
            closing_sv, closing_en = CARE_SENTENCES[dishwasher]
        else:
            closing_sv, closing_en = rng.choice(CLOSING_SENTENCES)
        sentences_sv.append(closing_sv.format(brand=brand_name))
        sentences_en.append(closing_en.format(brand=brand_name))

    low, high = product_type.price
    kronor = low * material.factor * (1 + 0.18 * size_index) * rng.uniform(0.95, 1.35)
    price = charm_price(kronor, low, high, rng) * 100
    return name, name_en, " ".join(sentences_sv), " ".join(sentences_en), specifications, price, colour


# Low-discrepancy sequences spread out-of-stock and featured products evenly, so even a small
# catalog has close to the intended share of each; the seed only moves their starting points.
_GOLDEN = (math.sqrt(5) - 1) / 2
_SILVER = math.sqrt(2) - 1


def generate_catalog(products=300, seed=1, replace=False):
    """Generate a demo catalog of `products` products; returns a summary of counts.

    Without `replace` the products are added to what is there: categories and brands are reused
    by slug, SKUs continue after existing ones and slugs stay unique.
    """
    if products < 0:
        raise ValueError("products must be zero or more")
    image_pool, images_rendered = ensure_images()  # files are not transactional: do them first
    rng = random.Random(seed)
    dates = random.Random(f"cookstore-demo-dates:{seed}")
    stock_phase, featured_phase = rng.random(), rng.random()

    with transaction.atomic():
        if replace:
            delete_catalog()
        category_ids = _ensure_categories()
        brand_ids = _ensure_brands()
        groups = _groups()
        brands_by_top = {}
        for name, tops in BRANDS:
            for spec in CATALOG:
                if not tops or spec.slug in tops:
                    brands_by_top.setdefault(spec.slug, []).append((brand_ids[make_slug(name)], name))
        for group in groups:
            group.category_id = category_ids[group.spec.slug]
            group.brand_ids = tuple(brands_by_top[group.top.slug])

        existing = Product.objects.exists()
        namer = _Namer(
            set(Product.objects.values_list("slug", flat=True)) if existing else set(),
            set(Product.objects.values_list("sku", flat=True)) if existing else set(),
            Product.objects.filter(sku__startswith=SKU_PREFIX).count() + 1,
        )
        offsets = sorted(dates.randrange(HISTORY_SECONDS) for _ in range(products))
        start = REFERENCE_DATE - timedelta(seconds=HISTORY_SECONDS)

        created = featured = out_of_stock = 0
        promotable = []  # in stock, not featured: candidates if too few end up featured
        batch, dates_batch = [], []

        def flush():
            Product.objects.bulk_create(batch)
            _set_created_at(zip((product.pk for product in batch), dates_batch))
            promotable.extend(product.pk for product in batch if product.stock and not product.is_featured)
            batch.clear()
            dates_batch.clear()

        for i, (group, product_type, material_key, size_index, lap) in enumerate(_plan(groups, rng, products)):
            brand_id, brand_name = rng.choice(group.brand_ids)
            name, name_en, description, description_en, specifications, price, colour = _describe(
                group, product_type, material_key, size_index, lap, brand_name, rng
            )
            warranty_months = _take_warranty(specifications)
            stock_draw = (stock_phase + i * _GOLDEN) % 1
            if stock_draw < OUT_OF_STOCK_SHARE:
                stock = 0
            elif stock_draw < OUT_OF_STOCK_SHARE + LOW_STOCK_SHARE:
                stock = rng.randint(1, 5)
            else:
                stock = rng.randint(6, 120)
            is_featured = stock > 0 and (featured_phase + i * _SILVER) % 1 < FEATURED_SHARE
            variant = colour % IMAGE_VARIANTS if colour is not None else rng.randrange(IMAGE_VARIANTS)
            sku = namer.sku()
            batch.append(
                Product(
                    category_id=group.category_id, brand_id=brand_id, name=name, name_en=name_en,
                    slug=namer.slug(name, sku), sku=sku, description=description, description_en=description_en,
                    specifications=specifications, price=price, vat_rate=VAT_STANDARD, stock=stock,
                    image=image_pool[group.top.slug][variant], is_featured=is_featured,
                    warranty_months=warranty_months,
                )
            )
            dates_batch.append(start + timedelta(seconds=offsets[i]))
            created += 1
            featured += is_featured
            out_of_stock += stock == 0
            if len(batch) >= BATCH_SIZE:
                flush()
        if batch:
            flush()

        if featured < MIN_FEATURED and promotable:
            # Evenly spaced through the catalog, so the home page shows a mix of categories.
            need = min(MIN_FEATURED - featured, len(promotable))
            step = len(promotable) / need
            chosen = [promotable[int(k * step)] for k in range(need)]
            featured += Product.objects.filter(pk__in=chosen).update(is_featured=True)

        indexed = services.rebuild_search_index()
        services.bump_catalog_version()

    return {
        "seed": seed,
        "products_created": created,
        "products_total": Product.objects.count(),
        "featured": featured,
        "out_of_stock": out_of_stock,
        "categories": Category.objects.count(),
        "top_level_categories": Category.objects.filter(parent__isnull=True).count(),
        "brands": Brand.objects.count(),
        "images": sum(len(names) for names in image_pool.values()),
        "images_rendered": images_rendered,
        "indexed": indexed,
    }
