/**
 * Cross-cutting pieces every feature uses: the one mapping from exceptions to RFC 9457
 * problem responses, the shared validation vocabulary, and the database client.
 */
@NullMarked
package io.jobstream.system;

import org.jspecify.annotations.NullMarked;
