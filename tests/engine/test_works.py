"""One description of each work; every format made from it says the same."""

from __future__ import annotations

from urllib.parse import parse_qs

import rispy
from pybtex.database import parse_string

from scholarly.works import coins, csl_item, ris, ris_record, schema_org, work_from_entry

BIB = r"""
@book{kimura2008,
  author     = {Kimura, Hiroshi},
  translator = {Ealey, Mark},
  title      = {The Kurillian Knot: A History of Japanese-Russian Border Negotiations},
  publisher  = {Stanford University Press},
  address    = {Stanford},
  year       = {2008},
  langid     = {english},
}
@online{prize,
  author       = {{Asia Pacific Forum, Awaji Conference Japan}},
  title        = {The 20th Asia Pacific Research Prize},
  organization = {Hyogo Institute},
  date         = {2021},
  url          = {https://example.org/prize_page.html},
}
@misc{declaration,
  title = {Joint Declaration {by} the USSR and Japan},
  date  = {1956-10-19},
}
@article{tanaka1993,
  author  = {Tanaka, Takahiko},
  title   = {A Title},
  journal = {A Journal},
  volume  = {21},
  pages   = {65--93},
  year    = {1993},
}
"""


def works():
    entries = parse_string(BIB, "bibtex").entries
    return {key: work_from_entry(key, entry) for key, entry in entries.items()}


def test_roles_organizations_dates_and_ranges_are_kept():
    kimura, prize, declaration, tanaka = works().values()
    assert [name.inverted for name in kimura.translators] == ["Ealey, Mark"]
    assert prize.authors[0].literal == "Asia Pacific Forum, Awaji Conference Japan"
    assert declaration.date == (1956, 10, 19) and tanaka.pages == "65–93"
    assert declaration.title == "Joint Declaration by the USSR and Japan"
    assert csl_item(declaration)["title"] == 'Joint Declaration <span class="nocase">by</span> the USSR and Japan'
    assert csl_item(kimura)["translator"] == [{"family": "Ealey", "given": "Mark"}]
    assert csl_item(prize)["author"] == [{"literal": "Asia Pacific Forum, Awaji Conference Japan"}]


def test_coins_use_the_fields_zotero_reads_for_each_type():
    kimura, prize, declaration, tanaka = works().values()
    book = parse_qs(coins(kimura))
    assert book["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"] and book["rft.btitle"][0].startswith("The Kurillian")
    assert book["rft.place"] == ["Stanford"] and book["rft.language"] == ["en"]
    page = parse_qs(coins(prize))
    assert page["rft.aucorp"] == ["Asia Pacific Forum, Awaji Conference Japan"] and "rft.au" not in page
    assert page["rft_id"] == ["https://example.org/prize_page.html"]
    document = parse_qs(coins(declaration))
    assert document["rft.title"] and document["rft.date"] == ["1956-10-19"]
    assert parse_qs(coins(tanaka))["rft.pages"] == ["65–93"]


def test_ris_and_schema_org_agree_with_the_work():
    kimura = works()["kimura2008"]
    (record,) = rispy.loads(ris([ris_record(kimura)]))
    assert record["type_of_reference"] == "BOOK" and record["authors"] == ["Kimura, Hiroshi"]
    assert record["subsidiary_authors"] == ["Ealey, Mark"] and record["place_published"] == "Stanford"
    data = schema_org(kimura)
    assert data["@type"] == "Book" and data["translator"][0]["familyName"] == "Ealey"
