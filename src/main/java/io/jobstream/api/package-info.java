/**
 * The HTTP API: one route table ({@code JobRoutes}) and thin handlers. Errors leave through
 * the one problem mapping in {@code io.jobstream.system}.
 */
@NullMarked
package io.jobstream.api;

import org.jspecify.annotations.NullMarked;
