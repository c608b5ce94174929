/**
 * The documents of a job: where each comes from (an uploaded file, a URL, inline content),
 * its status and outcome, and the chunks of its text.
 */
@NullMarked
package io.jobstream.document;

import org.jspecify.annotations.NullMarked;
