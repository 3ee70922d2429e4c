"""The main text and metadata of an HTML page, through trafilatura: the one place both
``read_html`` (pages on disk) and the WARC reader (pages in archives) read pages."""

from __future__ import annotations

from ..errors import InputError, MissingDependency


def extract_page(html: str | bytes, location: str) -> dict[str, str | None] | InputError:
    """The main text and metadata of one HTML page (trafilatura, favouring recall: the
    cleaning stage removes the furniture it lets through), or the error saying there is
    none."""
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise MissingDependency("trafilatura", "reading HTML") from e
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return InputError(location, "no article text found in the HTML page")
    return {
        "text": text,
        "title": getattr(doc, "title", None) or None,
        "url": getattr(doc, "url", None) or None,
        "outlet": getattr(doc, "sitename", None) or None,
        "byline": getattr(doc, "author", None) or None,
        "date": getattr(doc, "date", None) or None,
    }
