"""Outlet names: from a URL's host first, through a table of major news outlets, and
from the short forms an outlet's own furniture uses ("Join ST's Telegram channel").

The table is data, not rules: each row is an outlet's registered host(s), its name as
it writes it, and the short forms it calls itself by.  A host the table does not know
names its outlet by itself (``www.example-news.com`` -> ``example-news.com``): a
faithful name the user can read, never a guess.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from ..model import Article

# (hosts, name, short forms): hosts without "www."; a sub-domain of a host is that outlet.
# A short form is listed only where no other outlet in the table writes it ("The Times"
# and "The Star" are several papers' and are left out).
OUTLETS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("apnews.com", "ap.org"), "The Associated Press", ("AP", "Associated Press")),
    (("reuters.com",), "Reuters", ()),
    (("afp.com",), "AFP", ("Agence France-Presse",)),
    (("bloomberg.com",), "Bloomberg", ()),
    (("nytimes.com",), "The New York Times", ("NYT", "New York Times")),
    (("washingtonpost.com",), "The Washington Post", ("Washington Post", "WaPo")),
    (("wsj.com",), "The Wall Street Journal", ("WSJ", "Wall Street Journal")),
    (("usatoday.com",), "USA Today", ("USA TODAY",)),
    (("latimes.com",), "Los Angeles Times", ("LA Times",)),
    (("chicagotribune.com",), "Chicago Tribune", ()),
    (("bostonglobe.com",), "The Boston Globe", ("Boston Globe",)),
    (("politico.com", "politico.eu"), "Politico", ("POLITICO",)),
    (("thehill.com",), "The Hill", ()),
    (("axios.com",), "Axios", ()),
    (("huffpost.com", "huffingtonpost.com", "huffingtonpost.ca", "huffingtonpost.co.uk"), "HuffPost",
     ("Huffington Post", "HuffPost Canada")),
    (("breitbart.com",), "Breitbart", ("Breitbart News",)),
    (("westernjournal.com", "westernjournalism.com"), "The Western Journal", ("Western Journal",)),
    (("foxnews.com",), "Fox News", ()),
    (("cnn.com",), "CNN", ()),
    (("nbcnews.com",), "NBC News", ("NBC",)),
    (("cbsnews.com",), "CBS News", ("CBS",)),
    (("abcnews.go.com",), "ABC News", ()),
    (("npr.org",), "NPR", ()),
    (("cnbc.com",), "CNBC", ()),
    (("newsweek.com",), "Newsweek", ()),
    (("time.com",), "Time", ("TIME",)),
    (("theatlantic.com",), "The Atlantic", ()),
    (("vox.com",), "Vox", ()),
    (("slate.com",), "Slate", ()),
    (("bbc.co.uk", "bbc.com"), "BBC News", ("BBC",)),
    (("theguardian.com", "guardian.co.uk"), "The Guardian", ("Guardian",)),
    (("thetimes.co.uk",), "The Times", ()),
    (("telegraph.co.uk",), "The Telegraph", ("Telegraph",)),
    (("independent.co.uk",), "The Independent", ("Independent",)),
    (("ft.com",), "Financial Times", ("FT",)),
    (("economist.com",), "The Economist", ()),
    (("dailymail.co.uk",), "Daily Mail", ("MailOnline",)),
    (("mirror.co.uk",), "Daily Mirror", ("Mirror",)),
    (("thesun.co.uk",), "The Sun", ()),
    (("sky.com",), "Sky News", ()),
    (("irishtimes.com",), "The Irish Times", ()),
    (("cbc.ca",), "CBC News", ("CBC",)),
    (("ctvnews.ca",), "CTV News", ("CTV",)),
    (("globalnews.ca",), "Global News", ()),
    (("theglobeandmail.com",), "The Globe and Mail", ("Globe and Mail",)),
    (("nationalpost.com",), "National Post", ()),
    (("thestar.com",), "Toronto Star", ()),
    (("thecanadianpress.com",), "The Canadian Press", ("CP", "Canadian Press")),
    (("abc.net.au",), "ABC News (Australia)", ()),
    (("smh.com.au",), "The Sydney Morning Herald", ("SMH",)),
    (("theage.com.au",), "The Age", ()),
    (("theaustralian.com.au",), "The Australian", ()),
    (("nzherald.co.nz",), "The New Zealand Herald", ("NZ Herald",)),
    (("straitstimes.com",), "The Straits Times", ("ST", "Straits Times")),
    (("channelnewsasia.com", "cna.asia"), "CNA", ("Channel NewsAsia",)),
    (("scmp.com",), "South China Morning Post", ("SCMP",)),
    (("japantimes.co.jp",), "The Japan Times", ()),
    (("koreaherald.com",), "The Korea Herald", ()),
    (("thehindu.com",), "The Hindu", ()),
    (("timesofindia.indiatimes.com",), "The Times of India", ("TOI",)),
    (("hindustantimes.com",), "Hindustan Times", ()),
    (("dawn.com",), "Dawn", ()),
    (("aljazeera.com", "aljazeera.net"), "Al Jazeera", ()),
    (("themoscowtimes.com",), "The Moscow Times", ()),
    (("rt.com",), "RT", ()),
    (("tass.com", "tass.ru"), "TASS", ()),
    (("dw.com",), "Deutsche Welle", ("DW",)),
    (("france24.com",), "France 24", ()),
    (("euronews.com",), "Euronews", ()),
    (("lemonde.fr",), "Le Monde", ()),
    (("lefigaro.fr",), "Le Figaro", ()),
    (("spiegel.de",), "Der Spiegel", ("SPIEGEL",)),
    (("zeit.de",), "Die Zeit", ("ZEIT ONLINE",)),
    (("faz.net",), "Frankfurter Allgemeine Zeitung", ("FAZ",)),
    (("sueddeutsche.de",), "Süddeutsche Zeitung", ("SZ",)),
    (("elpais.com",), "El País", ()),
    (("corriere.it",), "Corriere della Sera", ()),
    (("repubblica.it",), "la Repubblica", ()),
    (("nos.nl",), "NOS", ()),
    (("haaretz.com",), "Haaretz", ()),
    (("timesofisrael.com",), "The Times of Israel", ()),
    (("jpost.com",), "The Jerusalem Post", ()),
    (("arabnews.com",), "Arab News", ()),
    (("news24.com",), "News24", ()),
    (("nation.africa",), "Nation", ()),
    (("kyivindependent.com",), "The Kyiv Independent", ()),
)  # fmt: skip


@cache
def _by_host() -> dict[str, str]:
    return {host: name for hosts, name, _ in OUTLETS for host in hosts}


@cache
def _by_short_form() -> dict[str, str]:
    out: dict[str, str] = {}
    for _, name, shorts in OUTLETS:
        for form in (name, *shorts):
            out.setdefault(form.lower(), name)
    return out


def url_host(url: str) -> str | None:
    """The host of a URL, with or without its scheme (``www.x.org/a`` -> ``www.x.org``);
    None for a URL that has none or cannot be parsed."""
    try:
        return urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None


def host_of(url: str) -> str | None:
    """The host of a URL that names a site, without ``www.``.

    >>> host_of("https://www.straitstimes.com/world/a-story"), host_of("example.com/x")
    ('straitstimes.com', 'example.com')
    """
    host = url_host(url)
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def outlet_of_host(host: str) -> str:
    """The outlet a host belongs to: its name from the table (sub-domains included),
    else the host itself.

    >>> outlet_of_host("edition.cnn.com"), outlet_of_host("example.com")
    ('CNN', 'example.com')
    """
    table = _by_host()
    parts = host.lower().split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return host.lower()


def outlet_of_url(url: str) -> str | None:
    """The outlet of an article's URL (``outlet_of_host``), or None without a host."""
    host = host_of(url)
    return outlet_of_host(host) if host else None


def outlet_name(written: str) -> str:
    """An outlet's name as the table writes it, for a name or short form as a text
    writes it ("ST" -> "The Straits Times"); a name the table does not know stays.

    >>> outlet_name("ST"), outlet_name("Kelmar Daily")
    ('The Straits Times', 'Kelmar Daily')
    """
    return _by_short_form().get(written.strip().lower(), written.strip())


def site_name(article: Article) -> str | None:
    """The site name an HTML page gives itself (``og:site_name``, kept by the readers
    in ``metadata["site_name"]``), or None."""
    value = article.metadata.get("site_name")
    return value.strip() or None if isinstance(value, str) else None


def outlet_and_source(article: Article, given: str | None, in_text: str | None) -> tuple[str | None, str | None]:
    """The outlet and where it came from, in order of trust: the input's own field
    ("input"); the URL's host in the table of outlets ("url"); a page's own site name
    (``metadata["site_name"]``, "page"); the host itself ("url"); a name the text states
    ("text": a guess, through the table's short forms).

    >>> outlet_and_source(Article("x", "t", url="https://www.cbc.ca/a", metadata={"site_name": "CBC"}), None, None)
    ('CBC News', 'url')
    >>> page = Article("x", "t", url="https://gazette.example/a", metadata={"site_name": "The Gazette"})
    >>> outlet_and_source(page, None, None)
    ('The Gazette', 'page')
    """
    if given:
        return given, "input"
    host = host_of(article.url) if article.url else None
    if host and outlet_of_host(host) != host:
        return outlet_of_host(host), "url"
    page = site_name(article)
    if page:
        return outlet_name(page), "page"
    if host:
        return host, "url"
    if in_text:
        return outlet_name(in_text), "text"
    return None, None


def outlet_key(outlet: str | None, url: str | None) -> str | None:
    """Whose furniture a text carries: its outlet, else its URL's host (``dedup`` learns
    stop shingles per outlet)."""
    if outlet:
        return outlet.strip().lower()
    if url:
        return url_host(url)
    return None
