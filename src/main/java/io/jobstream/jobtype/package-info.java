/**
 * The job-type SPI: a {@link io.jobstream.jobtype.JobType} bean names a type, declares its
 * payload schema and lists its stages. Built-in types live in sub-packages.
 */
@NullMarked
package io.jobstream.jobtype;

import org.jspecify.annotations.NullMarked;
