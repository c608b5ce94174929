/**
 * The Kafka adapter, and the only package that may import {@code reactor.kafka} or
 * {@code org.apache.kafka} (pinned by {@code ArchitectureTest}). reactor-kafka is
 * discontinued upstream; replacing it is a change to this package alone.
 */
@NullMarked
package io.jobstream.messaging;

import org.jspecify.annotations.NullMarked;
