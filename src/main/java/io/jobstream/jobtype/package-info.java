/**
 * The job-type SPI: a {@link io.jobstream.jobtype.JobType} bean names a type, declares its
 * payload as a JSON Schema (2020-12) document and lists its stages. {@code JobTypes} compiles
 * every schema once, at start-up, and turns the validator's errors into violations named by
 * path ({@code SchemaViolations}). Built-in types live in sub-packages, their schemas in JSON
 * files beside them.
 */
@NullMarked
package io.jobstream.jobtype;

import org.jspecify.annotations.NullMarked;
