/**
 * Reading documents, isolated from the service's JVM. Parsing libraries ignore interrupts
 * and a hostile file can make them loop, exhaust memory or unpack a bomb, so Tika, PDFBox
 * and Tesseract run in child processes with memory, time and output limits: a bad document
 * fails alone, and a cancel kills its child.
 *
 * <p>How: {@link io.jobstream.parsing.IsolatedParser} keeps a small pool of long-lived child
 * JVMs ({@code jobstream.parsing.processes}), each running {@link
 * io.jobstream.parsing.child.ParserChild} with {@code -Xmx} and {@code
 * -XX:+ExitOnOutOfMemoryError} and reading one document at a time, told and answered in JSON
 * lines over its stdin and stdout. A child pays Tika's start-up (seconds) once, not per
 * document. The service kills a child on a cancel or at the time limit (its Tesseract first),
 * and a dead child is evicted and replaced on next use. An exit code of 3 is the JVM's
 * out-of-memory exit. We did not use Tika's own {@code ForkParser} or pipes: they report no
 * progress per page and do not run our OCR step.
 *
 * <p>OCR is ours, never Tika's (with Tesseract installed, Tika's AUTO strategy would OCR
 * everything): Tika's PDF OCR is off and its OCR module is not on the class path; the child
 * renders each PDF page the {@link io.jobstream.parsing.ExtractionMethod} picks with PDFBox
 * (300 dpi, grey) and runs the {@code tesseract} CLI on it; an image file is OCR'd as one page.
 * Office files are read for their text only, also with {@code OCR} (their images are not OCR'd).
 * {@code extractAssets} writes the embedded images (a PDF's inline images, an Office file's
 * pictures; also those on pages a page range leaves out) to temporary files the caller deletes.
 * Not done: language detection ({@code language} is what the document's metadata declares).
 *
 * <p>Splitting a PDF ({@link io.jobstream.parsing.IsolatedParser#split}) is another kind of
 * request to the same children, as PDFBox is as exposed to hostile files as Tika: the child
 * writes one part at a time and waits until the service has kept it, so a split of thousands of
 * parts takes the disk of one; its time limit counts the child's work, not the keeping.
 */
@NullMarked
package io.jobstream.parsing;

import org.jspecify.annotations.NullMarked;
