/**
 * The parser's child process: a plain {@code main} (no Spring) that reads one document at a time
 * with Tika, PDFBox and the {@code tesseract} CLI, and speaks JSON lines with the service over its
 * stdin and stdout ({@link io.jobstream.parsing.child.ChildProtocol}). It runs in a JVM of its
 * own with a small heap and {@code -XX:+ExitOnOutOfMemoryError}, so whatever a hostile document
 * does here (loop, exhaust memory, crash) ends in this process, which the service then kills or
 * replaces.
 */
@NullMarked
package io.jobstream.parsing.child;

import org.jspecify.annotations.NullMarked;
