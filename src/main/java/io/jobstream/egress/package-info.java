/**
 * Outbound HTTP to addresses that users name: webhook receivers and documents by URL. One
 * {@link io.jobstream.egress.AddressPolicy} decides which addresses may be reached (public
 * ones, plus a feature's {@code allowed-networks}) and builds reactor-netty clients whose every
 * connection it guards after DNS, so that neither a redirect nor a name that resolves inward
 * later (DNS rebinding) reaches loopback, private or cloud-metadata addresses.
 * {@link io.jobstream.egress.UrlFetcher} fetches documents under {@code jobstream.fetch.*}'s
 * limits (redirects followed by hand, a byte cap, a time limit), failing with one
 * {@link io.jobstream.egress.FetchException} whose message a person can act on. Nothing else
 * in jobstream creates an HTTP client (ArchitectureTest checks).
 */
@NullMarked
package io.jobstream.egress;

import org.jspecify.annotations.NullMarked;
