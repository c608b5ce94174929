/**
 * Reading documents, isolated from the service's JVM. Parsing libraries ignore interrupts
 * and a hostile file can make them loop, exhaust memory or unpack a bomb, so Tika, PDFBox
 * and Tesseract run in child processes with memory, time and output limits: a bad document
 * fails alone, and a cancel kills its child.
 */
@NullMarked
package io.jobstream.parsing;

import org.jspecify.annotations.NullMarked;
