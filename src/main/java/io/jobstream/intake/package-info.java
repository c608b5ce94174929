/**
 * Kafka as a front door: submissions written to a topic by any producer go through the same
 * submit path as REST. The topic is a port ({@link io.jobstream.intake.SubmissionSource});
 * the messaging package implements it.
 */
@NullMarked
package io.jobstream.intake;

import org.jspecify.annotations.NullMarked;
