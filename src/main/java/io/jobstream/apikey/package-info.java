/**
 * API keys: long-lived credentials for backends, beside the OIDC tokens. A key is
 * {@code jsk_<public id>_<secret>}, the secret 256 random bits; it is answered once, at creation,
 * and stored only as a SHA-256. It stands for the subject that created it with scopes within that
 * subject's; the security chain checks it through {@link io.jobstream.security.ApiKeyVerifier}.
 *
 * <p>Revocation deletes the row, and every request with a key reads its row by public id (a
 * unique-index lookup, a fraction of a millisecond): there is no cache to invalidate, so a
 * revoked key is refused on every instance from the next request. {@code last_used_at} is
 * written at most about once a minute per key, in batches, off the request path ({@code KeyUses}).
 */
@NullMarked
package io.jobstream.apikey;

import org.jspecify.annotations.NullMarked;
