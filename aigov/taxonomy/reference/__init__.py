"""Load the shared vocabulary (`aigov load-reference`, the taxonomy part).

Sources, in order of preference:
- countries: hdx-python-country (ISO codes, M49, the UN's own names in the six languages, from
  the OCHA Countries & Territories Taxonomy, offline), country_converter (UN membership and
  admission year), pycountry (other spellings, used only as search aliases — they are not UN
  terms); data/reference/un_regional_groups.csv and income_groups.csv for regional and income
  groups; aigov/taxonomy/data/least_developed_countries.csv for LDC status;
- languages: pycountry (ISO 639-1 codes, which are BCP 47 tags) named by langcodes/language_data;
- SDGs, targets, risk pulse items: data/reference/*.csv;
- risk taxonomy, lifecycle stages and topics: aigov/taxonomy/data/*.csv; the risk taxonomy's
  official Chinese text (HLAB report, Chinese edition, Box 4): data/reference/risk_taxonomy_zh.csv;
  its Arabic, French, Russian and Spanish text, and the risk pulse items' translations, from
  aigov/taxonomy/data/risk_*_translations.csv (machine translations, marked so);
- M49 region names are not stored translated: pages name them through ICU (CLDR), see
  aigov.taxonomy.regions.
"""

from aigov.taxonomy.reference.load import load_taxonomy

__all__ = ["load_taxonomy"]
