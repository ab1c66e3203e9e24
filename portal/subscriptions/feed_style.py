"""Atom feeds that a browser shows as a page: the feed names a static XSL stylesheet
(``static/feeds/atom.xsl``) in an ``<?xml-stylesheet?>`` processing instruction, which browsers
apply and feed readers ignore.

An entry's summary is plain text (``type="text"``), escaped once by the XML writer: the stylesheet
shows an element's text as it is, so HTML in it (Django's ``type="html"``) would show as source."""

from typing import IO, Any

from django.templatetags.static import static
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator


class StyledAtom1Feed(Atom1Feed):
    def write(self, outfile: IO[bytes], encoding: str) -> None:
        # Atom1Feed.write, with the processing instruction between the XML declaration and the root.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.processingInstruction("xml-stylesheet", f'type="text/xsl" href="{static("feeds/atom.xsl")}"')
        # The dict Django's own Atom1Feed.write passes; the stubs ask for an AttributesImpl.
        handler.startElement("feed", self.root_attributes())  # type: ignore[arg-type]
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        # Django's own elements, less its summary (always type="html"), then the summary as text;
        # none for an item without a description.
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
