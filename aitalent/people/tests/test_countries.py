from __future__ import annotations

from django.utils import translation

from aitalent.people.countries import COUNTRIES, country_choices, country_name


def test_every_country_has_a_chinese_name() -> None:
    with translation.override("zh-hans"):
        names = {code: country_name(code) for code in COUNTRIES}
        assert names["KE"] == "肯尼亚" and names["TL"] == "东帝汶" and names["HK"] == "中国香港"
        assert [code for code, name in names.items() if name.isascii()] == []
        assert len(country_choices()) == len(COUNTRIES)


def test_english_names_stay_english() -> None:
    with translation.override("en"):
        assert country_name("DE") == "Germany" and country_name("") == ""
