"""ISO 3166-1 alpha-2 countries with English and Chinese names.

Chinese names come from the curated table below, then from the CLDR data that Babel ships
(every country has one; nothing is downloaded).
"""

from __future__ import annotations

from functools import lru_cache

from aitalent.core.models import is_chinese

COUNTRIES: dict[str, str] = {
    "AD": "Andorra", "AE": "United Arab Emirates", "AF": "Afghanistan", "AG": "Antigua and Barbuda",
    "AL": "Albania", "AM": "Armenia", "AO": "Angola", "AR": "Argentina", "AT": "Austria",
    "AU": "Australia", "AZ": "Azerbaijan", "BA": "Bosnia and Herzegovina", "BB": "Barbados",
    "BD": "Bangladesh", "BE": "Belgium", "BF": "Burkina Faso", "BG": "Bulgaria", "BH": "Bahrain",
    "BI": "Burundi", "BJ": "Benin", "BN": "Brunei", "BO": "Bolivia", "BR": "Brazil",
    "BS": "Bahamas", "BT": "Bhutan", "BW": "Botswana", "BY": "Belarus", "BZ": "Belize",
    "CA": "Canada", "CD": "DR Congo", "CF": "Central African Republic", "CG": "Congo",
    "CH": "Switzerland", "CI": "Côte d'Ivoire", "CL": "Chile", "CM": "Cameroon", "CN": "China",
    "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba", "CV": "Cabo Verde", "CY": "Cyprus",
    "CZ": "Czechia", "DE": "Germany", "DJ": "Djibouti", "DK": "Denmark", "DM": "Dominica",
    "DO": "Dominican Republic", "DZ": "Algeria", "EC": "Ecuador", "EE": "Estonia", "EG": "Egypt",
    "ER": "Eritrea", "ES": "Spain", "ET": "Ethiopia", "FI": "Finland", "FJ": "Fiji",
    "FR": "France", "GA": "Gabon", "GB": "United Kingdom", "GE": "Georgia", "GH": "Ghana",
    "GM": "Gambia", "GN": "Guinea", "GR": "Greece", "GT": "Guatemala", "GY": "Guyana",
    "HK": "Hong Kong", "HN": "Honduras", "HR": "Croatia", "HT": "Haiti", "HU": "Hungary",
    "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India", "IQ": "Iraq", "IR": "Iran",
    "IS": "Iceland", "IT": "Italy", "JM": "Jamaica", "JO": "Jordan", "JP": "Japan", "KE": "Kenya",
    "KG": "Kyrgyzstan", "KH": "Cambodia", "KR": "South Korea", "KW": "Kuwait",
    "KZ": "Kazakhstan", "LA": "Laos", "LB": "Lebanon", "LK": "Sri Lanka", "LR": "Liberia",
    "LS": "Lesotho", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "LY": "Libya",
    "MA": "Morocco", "MC": "Monaco", "MD": "Moldova", "ME": "Montenegro", "MG": "Madagascar",
    "MK": "North Macedonia", "ML": "Mali", "MM": "Myanmar", "MN": "Mongolia", "MO": "Macao",
    "MR": "Mauritania", "MT": "Malta", "MU": "Mauritius", "MV": "Maldives", "MW": "Malawi",
    "MX": "Mexico", "MY": "Malaysia", "MZ": "Mozambique", "NA": "Namibia", "NE": "Niger",
    "NG": "Nigeria", "NI": "Nicaragua", "NL": "Netherlands", "NO": "Norway", "NP": "Nepal",
    "NZ": "New Zealand", "OM": "Oman", "PA": "Panama", "PE": "Peru", "PG": "Papua New Guinea",
    "PH": "Philippines", "PK": "Pakistan", "PL": "Poland", "PR": "Puerto Rico",
    "PS": "Palestine", "PT": "Portugal", "PY": "Paraguay", "QA": "Qatar", "RO": "Romania",
    "RS": "Serbia", "RU": "Russia", "RW": "Rwanda", "SA": "Saudi Arabia", "SC": "Seychelles",
    "SD": "Sudan", "SE": "Sweden", "SG": "Singapore", "SI": "Slovenia", "SK": "Slovakia",
    "SL": "Sierra Leone", "SN": "Senegal", "SO": "Somalia", "SR": "Suriname", "SS": "South Sudan",
    "SV": "El Salvador", "SY": "Syria", "SZ": "Eswatini", "TD": "Chad", "TG": "Togo",
    "TH": "Thailand", "TJ": "Tajikistan", "TL": "Timor-Leste", "TM": "Turkmenistan",
    "TN": "Tunisia", "TR": "Türkiye", "TT": "Trinidad and Tobago", "TW": "Taiwan",
    "TZ": "Tanzania", "UA": "Ukraine", "UG": "Uganda", "US": "United States", "UY": "Uruguay",
    "UZ": "Uzbekistan", "VE": "Venezuela", "VN": "Vietnam", "YE": "Yemen", "ZA": "South Africa",
    "ZM": "Zambia", "ZW": "Zimbabwe",
}  # fmt: skip

COUNTRIES_ZH: dict[str, str] = {
    "AE": "阿联酋", "AR": "阿根廷", "AT": "奥地利", "AU": "澳大利亚", "BE": "比利时", "BR": "巴西",
    "CA": "加拿大", "CH": "瑞士", "CL": "智利", "CN": "中国", "CO": "哥伦比亚", "CZ": "捷克",
    "DE": "德国", "DK": "丹麦", "EG": "埃及", "ES": "西班牙", "ET": "埃塞俄比亚", "FI": "芬兰",
    "FR": "法国", "GB": "英国", "GH": "加纳", "GR": "希腊", "HK": "中国香港", "ID": "印度尼西亚",
    "IE": "爱尔兰", "IL": "以色列", "IN": "印度", "IT": "意大利", "JP": "日本", "KE": "肯尼亚",
    "KR": "韩国", "MO": "中国澳门", "MX": "墨西哥", "MY": "马来西亚", "NG": "尼日利亚",
    "NL": "荷兰", "NO": "挪威", "NZ": "新西兰", "PH": "菲律宾", "PK": "巴基斯坦", "PL": "波兰",
    "PT": "葡萄牙", "RU": "俄罗斯", "RW": "卢旺达", "SA": "沙特阿拉伯", "SE": "瑞典",
    "SG": "新加坡", "TH": "泰国", "TR": "土耳其", "TW": "中国台湾", "UA": "乌克兰", "US": "美国",
    "VN": "越南", "ZA": "南非",
}  # fmt: skip


@lru_cache(maxsize=1)
def _cldr_zh() -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse("zh_Hans").territories)


def country_name(code: str) -> str:
    if not code:
        return ""
    if is_chinese():
        return COUNTRIES_ZH.get(code) or _cldr_zh().get(code) or COUNTRIES.get(code, code)
    return COUNTRIES.get(code, code)


def country_choices() -> list[tuple[str, str]]:
    return sorted(((code, country_name(code)) for code in COUNTRIES), key=lambda c: c[1])
