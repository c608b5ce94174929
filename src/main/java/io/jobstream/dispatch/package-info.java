/**
 * Dispatch: the outbox on the jobs table and the start-command channel that hands jobs to
 * workers. The channel is a port ({@link io.jobstream.dispatch.StartCommands}); the messaging
 * package implements it, so nothing here knows Kafka.
 */
@NullMarked
package io.jobstream.dispatch;

import org.jspecify.annotations.NullMarked;
