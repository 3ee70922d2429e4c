"""Bytes to text without asking the user for an encoding.

The order is the one browsers and careful crawlers follow: a byte-order mark; the
charset the document declares (an HTML ``<meta charset>``, an XML declaration, a WARC
record's HTTP ``Content-Type``); strict UTF-8; then a statistical detector
(chardet).  Only when all of these fail is the input reported, naming the
file.  ``--encoding`` (``ReaderConfig.encoding``) forces one codec and skips the rest.

The detector is chardet 7 (``detect_encoding``): on real news text re-encoded as cp1252
or Latin-1 it names an encoding that gives back the text for 98% of files, where
charset-normalizer manages 82% and cchardet 87% (``benchmarks/intake.py`` prints the
comparison).

Two corrections that real pages need: a page that *declares* a single-byte Western
charset but whose bytes are valid multi-byte UTF-8 is UTF-8 (CMS templates keep the
old declaration after the content moved on; valid UTF-8 sequences do not happen by
chance in cp1252 text), and ISO-8859-1 / ASCII are read as Windows-1252, its superset,
as the WHATWG encoding standard prescribes (curly quotes in "Latin-1" files are cp1252).
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Where a declaration may stand: the first bytes of the document (the HTML standard
# asks browsers to look at the first 1024; pages with long heads put it later).
_DECLARATION_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# Declared names read as a superset (WHATWG: "latin1", "ascii" and friends are windows-1252).
_SUPERSETS = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
# Bytes the detector reads: enough for a confident answer, bounded for long files.
_DETECT_BYTES = 262_144
# Bytes sniffed for the NUL bytes of UTF-16 text or of a binary file.
_SNIFF_BYTES = 8192


def canonical(name: str) -> str | None:
    """Python's name for a codec name as documents write it, or None if unknown.

    >>> canonical("ISO-8859-1"), canonical("UTF8"), canonical("x-nonsense")
    ('cp1252', 'utf-8', None)
    """
    try:
        found = codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(found, found)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, or None."""
    head = data[:_DECLARATION_BYTES]
    m = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    return canonical(m.group(1).decode("ascii")) if m else None


def header_charset(content_type: str | None) -> str | None:
    """The charset of an HTTP ``Content-Type`` header value, or None.

    >>> header_charset("text/html; charset=ISO-8859-1")
    'cp1252'
    """
    m = _HEADER_CHARSET.search(content_type or "")
    return canonical(m.group(1)) if m else None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a mark: text whose every other byte is mostly NUL."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str | None:
    """chardet's guess for ``data`` (a prefix of it for long files), or None.

    The candidates are the web's encodings and the ISO-8859 families
    (``DETECT_ERAS``): as accurate on news text as all of chardet's eras and about three
    times faster.  Subset names are kept (ISO-8859-2 is not a subset of cp1250: their
    Polish letters differ), then read through ``canonical``.
    """
    try:
        import chardet
    except ImportError as e:  # pragma: no cover - a declared dependency
        from ..errors import MissingDependency

        raise MissingDependency("chardet", "reading files that are not UTF-8") from e
    eras = chardet.EncodingEra.MODERN_WEB | chardet.EncodingEra.LEGACY_ISO
    found = chardet.detect(data, max_bytes=_DETECT_BYTES, compat_names=False, encoding_era=eras)
    name = found.get("encoding")
    return canonical(name) if name else None


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, location: str, *, forced: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding used)`` for the bytes of one document.

    ``forced`` (the user's ``--encoding``) is the only codec tried when given;
    ``declared`` is a charset the container states (a WARC record's HTTP header), tried
    after a byte-order mark and before the document's own declaration.

    >>> decode("Café".encode("cp1252"), "a.txt")
    ('Café', 'cp1252')
    >>> decode(b"<meta charset='utf-8'>caf\\xc3\\xa9", "a.html")[1]
    'utf-8'
    """
    if forced:  # as given: a user who says ascii means it
        name = "utf-8-sig" if canonical(forced) == "utf-8" else forced
        text = _decodes(data, name)
        if text is None:
            raise InputError(location, f"not valid {forced} (given with --encoding)")
        return text, forced.lower()
    bom = bom_encoding(data)
    if bom:
        text = _decodes(data, bom)
        if text is not None:
            return text, bom.removesuffix("-sig")
    utf16 = _utf16_without_bom(data)  # first: NUL bytes are valid UTF-8
    if utf16:
        text = _decodes(data, utf16)
        if text is not None:
            return text, utf16
    if b"\x00" in data[:_SNIFF_BYTES]:  # (valid UTF-8, but no text has them)
        raise InputError(location, "binary file (contains NUL bytes), not text")
    for name in (declared, declared_encoding(data)):
        if name:
            if name == "cp1252" and _decodes(data, "utf-8") is not None and not data.isascii():
                return data.decode("utf-8"), "utf-8"  # declared Latin, written UTF-8
            text = _decodes(data, name)
            if text is not None:
                return text, name
    text = _decodes(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    found = detect_encoding(data)
    if found:
        text = _decodes(data, found)
        if text is not None:
            return text, found
    raise InputError(location, "no text encoding decodes it (not UTF-8, and no detector guess fits; try --encoding)")
