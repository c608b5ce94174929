/**
 * Progress streaming: PostgreSQL {@code LISTEN/NOTIFY} into one hot stream per instance,
 * and the feed that turns it into an ordered, gap-free sequence of events per job.
 */
@NullMarked
package io.jobstream.progress;

import org.jspecify.annotations.NullMarked;
