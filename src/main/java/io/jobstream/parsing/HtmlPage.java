package io.jobstream.parsing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the isolated parser read from one HTML page: its title, its visible text (blocks on
 * lines of their own, scripts and styles left out) with the headings in it, the links it holds
 * (absolute {@code http}/{@code https} URLs without fragments, in page order, each once), the
 * language it declares and the charset its bytes were read in.
 */
public record HtmlPage(
        @Nullable String title,
        String text,
        List<ParsedPage.Heading> headings,
        List<String> links,
        @Nullable String language,
        String charset) {

    public HtmlPage {
        headings = List.copyOf(headings);
        links = List.copyOf(links);
    }
}
