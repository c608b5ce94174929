package io.jobstream.parsing.child;

import io.jobstream.parsing.ParseFailure;
import io.jobstream.parsing.child.ChildProtocol.HtmlRequest;
import io.jobstream.parsing.child.ChildProtocol.Reply;
import io.jobstream.parsing.child.ChildProtocol.Request;
import io.jobstream.parsing.child.ChildProtocol.SplitRequest;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The main class of a parser child process (see the package description). It reads requests
 * from stdin until stdin closes, then exits; it halts at once if the service's process goes
 * away, so a child stuck in a hostile document is not left behind.
 */
public final class ParserChild {

    private final PrintStream protocol;
    private final DocumentReader reader = new DocumentReader();
    private final PdfSplitter splitter = new PdfSplitter();
    private final HtmlPageReader pages = new HtmlPageReader();

    private ParserChild(PrintStream protocol) {
        this.protocol = protocol;
    }

    public static void main(String[] args) throws IOException {
        // stdout carries the protocol; parsers that print would corrupt it, so they print to stderr
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        haltWhenTheServiceIsGone();
        new ParserChild(protocol).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    private static void haltWhenTheServiceIsGone() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent ->
                        parent.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
    }

    private void serve(BufferedReader requests) throws IOException {
        send(Reply.ready());
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            if (!line.isBlank()) {
                serve(ChildProtocol.JSON.readTree(line), requests);
            }
        }
    }

    /** A request of the kind its line names; a line without a kind is a document to parse. */
    private Reply answer(JsonNode request) {
        return switch (request.path("kind").asString("")) {
            case HtmlRequest.KIND -> pages.answer(ChildProtocol.JSON.treeToValue(request, HtmlRequest.class));
            default -> answer(ChildProtocol.JSON.treeToValue(request, Request.class));
        };
    }

    /**
     * A request of the kind its line names; a line without a kind is a document to parse. A
     * split answers part by part, reading the service's go-ahead between two parts.
     */
    private void serve(JsonNode request, BufferedReader requests) throws IOException {
        switch (request.path("kind").asString("")) {
            case SplitRequest.KIND ->
                splitter.split(
                        ChildProtocol.JSON.treeToValue(request, SplitRequest.class),
                        this::send,
                        () -> requests.readLine() != null);
            case HtmlRequest.KIND -> send(pages.answer(ChildProtocol.JSON.treeToValue(request, HtmlRequest.class)));
            default -> send(answer(ChildProtocol.JSON.treeToValue(request, Request.class)));
        }
    }

    private Reply answer(Request request) {
        try {
            return Reply.parsed(reader.read(request, progress -> send(Reply.progress(progress))));
        } catch (ParseFailure failure) {
            return Reply.failed(failure.reason(), failure.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // a parser bug or a document made to trip one: that document fails, the child goes on
            return Reply.failed(
                    ParseFailure.Reason.UNREADABLE,
                    request.options().filename() + " could not be read: the parser failed (" + e + ")");
        }
    }

    private synchronized void send(Object reply) {
        protocol.println(ChildProtocol.JSON.writeValueAsString(reply));
        protocol.flush();
    }
}
