/**
 * The bytes of files and artifacts behind one interface, {@link io.jobstream.storage.Storage}.
 */
@NullMarked
package io.jobstream.storage;

import org.jspecify.annotations.NullMarked;
