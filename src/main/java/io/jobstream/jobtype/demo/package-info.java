/** The built-in {@code demo} job type. */
@NullMarked
package io.jobstream.jobtype.demo;

import org.jspecify.annotations.NullMarked;
