package io.jobstream.parsing.child;

import io.jobstream.parsing.ParsedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;
import org.jspecify.annotations.Nullable;

/**
 * The visible text of an HTML body as people read it: block elements (paragraphs, headings,
 * sections) apart by a blank line, list items, table rows and line breaks on lines of their
 * own, runs of whitespace as one space (inside {@code <pre>} kept as written); scripts, styles
 * and other invisible elements left out. Headings are kept with where they start in the text.
 * Stops collecting once the text passes {@code maxCharacters}.
 */
final class PageText implements NodeVisitor {

    private static final Set<String> INVISIBLE =
            Set.of("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas");
    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "header",
            "footer",
            "main",
            "nav",
            "aside",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
            "dl",
            "form",
            "fieldset",
            "figure",
            "figcaption",
            "address",
            "details",
            "summary",
            "hr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "title",
            "body");
    private static final Set<String> LINES = Set.of("br", "li", "tr", "dt", "dd", "option", "caption");

    private final StringBuilder text = new StringBuilder();
    private final List<ParsedPage.Heading> headings = new ArrayList<>();
    private final int maxCharacters;
    private int headingStart = -1;

    private PageText(int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    static PageText of(@Nullable Element body, int maxCharacters) {
        PageText page = new PageText(maxCharacters);
        if (body != null) {
            body.select(String.join(", ", INVISIBLE)).remove();
            body.traverse(page);
        }
        return page;
    }

    String text() {
        return text.toString().strip();
    }

    List<ParsedPage.Heading> headings() {
        return List.copyOf(headings);
    }

    boolean overBudget() {
        return text.length() > maxCharacters;
    }

    @Override
    public void head(Node node, int depth) {
        if (overBudget()) {
            return;
        }
        if (node instanceof TextNode textNode) {
            append(inPre(textNode) ? textNode.getWholeText() : textNode.text());
        } else if (node instanceof Element element) {
            String tag = element.normalName();
            if (BLOCKS.contains(tag)) {
                breakParagraph();
            } else if (LINES.contains(tag)) {
                breakLine();
            }
            if (level(tag) > 0) {
                headingStart = text.length();
            }
        }
    }

    @Override
    public void tail(Node node, int depth) {
        if (!(node instanceof Element element) || overBudget()) {
            return;
        }
        String tag = element.normalName();
        int level = level(tag);
        if (level > 0 && headingStart >= 0) {
            String heading = text.substring(headingStart).strip();
            if (!heading.isEmpty()) {
                headings.add(new ParsedPage.Heading(headingStart, level, heading));
            }
            headingStart = -1;
        }
        if (BLOCKS.contains(tag)) {
            breakParagraph();
        }
    }

    private void append(String piece) {
        String next = piece;
        if (text.isEmpty() || endsWithSpace()) {
            next = next.stripLeading();
        }
        text.append(next);
    }

    private void breakParagraph() {
        trimTrailingSpaces();
        if (!text.isEmpty() && !endsWith("\n\n")) {
            text.append(endsWith("\n") ? "\n" : "\n\n");
        }
    }

    private void breakLine() {
        trimTrailingSpaces();
        if (!text.isEmpty() && !endsWith("\n")) {
            text.append('\n');
        }
    }

    private void trimTrailingSpaces() {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        text.setLength(end);
    }

    private boolean endsWithSpace() {
        return Character.isWhitespace(text.charAt(text.length() - 1));
    }

    private boolean endsWith(String suffix) {
        return text.length() >= suffix.length()
                && text.substring(text.length() - suffix.length()).equals(suffix);
    }

    private static boolean inPre(TextNode node) {
        for (Node parent = node.parent(); parent != null; parent = parent.parent()) {
            if (parent instanceof Element element && element.normalName().equals("pre")) {
                return true;
            }
        }
        return false;
    }

    /** 1-6 for {@code h1}-{@code h6}, else 0. */
    private static int level(String tag) {
        return tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6'
                ? tag.charAt(1) - '0'
                : 0;
    }
}
