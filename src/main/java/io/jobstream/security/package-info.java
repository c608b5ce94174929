/** Security: one filter chain, JWT from any OIDC issuer. */
@NullMarked
package io.jobstream.security;

import org.jspecify.annotations.NullMarked;
