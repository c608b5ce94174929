package io.jobstream.parsing.child;

import io.jobstream.parsing.ParseEvent.PageProgress;
import io.jobstream.parsing.ParseEvent.Phase;
import io.jobstream.parsing.ParsedPage;
import io.jobstream.parsing.ParsedPage.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML events into pages: one per {@code <div class="page">} (PDF), or one for the
 * whole body of a document without pages. Headings ({@code h1}-{@code h6}) are kept with their
 * offset into their page's text. Pages outside the selection are read but not kept. In a paged
 * document, text outside the page divs (the outline, attachments) is left out.
 */
final class PageCollector extends DefaultHandler {

    private final PageSelection selection;
    private final TextBudget budget;
    private final Consumer<PageProgress> progress;
    private final List<ParsedPage> pages = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final List<Heading> headings = new ArrayList<>();

    private boolean inBody;
    private boolean paged;
    private int divDepth;
    private int pageDivDepth = -1;
    private int pageNumber;
    private int pagesDone;
    private @Nullable OpenHeading heading;

    PageCollector(PageSelection selection, TextBudget budget, Consumer<PageProgress> progress) {
        this.selection = selection;
        this.budget = budget;
        this.progress = progress;
    }

    /** The pages kept, in order; call after the parse. */
    List<ParsedPage> pages() {
        return List.copyOf(pages);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("body")) {
            inBody = true;
        } else if (name.equals("div")) {
            divDepth++;
            if (pageDivDepth < 0 && "page".equals(attributes.getValue("class"))) {
                startPage();
            }
        } else if (isHeading(name) && collecting()) {
            heading = new OpenHeading(text.length(), name.charAt(1) - '0', new StringBuilder());
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        if (name.equals("body")) {
            inBody = false;
        } else if (name.equals("div")) {
            if (divDepth == pageDivDepth) {
                endPage();
            }
            divDepth--;
        } else if (isHeading(name) && heading != null) {
            String title = heading.text().toString().strip();
            if (!title.isEmpty()) {
                headings.add(new Heading(heading.offset(), heading.level(), title));
            }
            heading = null;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (collecting()) {
            budget.spend(length);
            text.append(ch, start, length);
            if (heading != null) {
                heading.text().append(ch, start, length);
            }
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    @Override
    public void endDocument() {
        if (!paged && selection.contains(1)) {
            pageNumber = 1;
            keepPage();
            progress.accept(new PageProgress(Phase.PARSING, 1, 1));
        }
    }

    private boolean collecting() {
        if (!inBody) {
            return false;
        }
        return paged ? pageDivDepth >= 0 && selection.contains(pageNumber) : selection.contains(1);
    }

    private void startPage() {
        if (!paged) {
            // what came before the first page is not on any page
            paged = true;
            text.setLength(0);
            headings.clear();
        }
        pageNumber++;
        pageDivDepth = divDepth;
    }

    private void endPage() {
        pageDivDepth = -1;
        heading = null;
        if (selection.contains(pageNumber)) {
            keepPage();
            pagesDone++;
            progress.accept(new PageProgress(Phase.PARSING, pagesDone, selection.count()));
        }
        text.setLength(0);
        headings.clear();
    }

    private void keepPage() {
        int leading = 0;
        while (leading < text.length() && Character.isWhitespace(text.charAt(leading))) {
            leading++;
        }
        int shift = leading;
        List<Heading> shifted = headings.stream()
                .map(h -> new Heading(Math.max(0, h.offset() - shift), h.level(), h.text()))
                .toList();
        pages.add(new ParsedPage(pageNumber, text.toString().strip(), false, shifted));
    }

    private static boolean isHeading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    private record OpenHeading(int offset, int level, StringBuilder text) {}
}
