package io.jobstream.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Where jobstream may open connections to addresses that users name (webhook receivers,
 * documents by URL): public addresses only, unless the feature's {@code allowed-networks}
 * names the range. Loopback, private (RFC 1918, IPv6 unique local), link-local (cloud metadata
 * endpoints live there), unspecified, multicast, carrier-grade NAT and other special-purpose
 * addresses are refused, also when embedded in an IPv6 address (NAT64, 6to4, IPv4-compatible).
 * A URL is refused if any address its host resolves to is, so that a name cannot smuggle in
 * one internal address among public ones. {@link #refusal(URI)} is the early check (at submit
 * time); the clients of {@link #httpClient(ConnectionProvider)} ask again for every connection,
 * after DNS, since a name may resolve differently by then (DNS rebinding).
 */
public final class AddressPolicy {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
    private static final List<Special> SPECIAL = List.of(
            new Special("0.0.0.0/8", "a 'this network' address"),
            new Special("100.64.0.0/10", "a carrier-grade NAT address"),
            new Special("192.0.0.0/24", "an IETF protocol address"),
            new Special("198.18.0.0/15", "a benchmarking address"),
            new Special("240.0.0.0/4", "a reserved address"),
            new Special("fc00::/7", "a private (unique local) address"),
            new Special("fec0::/10", "a private (site-local) address"));
    private static final NetworkRange NAT64 = NetworkRange.parse("64:ff9b::/96");
    private static final NetworkRange SIX_TO_FOUR = NetworkRange.parse("2002::/16");

    private final List<NetworkRange> allowed;
    private final String rule;

    /**
     * @param allowedNetworks CIDR ranges allowed although special (blank entries ignored)
     * @param rule what a refusal of a URL ends with, e.g. "webhooks go to public addresses only"
     * @throws IllegalArgumentException if a range is not a CIDR range, so a bad setting fails
     *     at start-up
     */
    public AddressPolicy(List<String> allowedNetworks, String rule) {
        this.allowed = allowedNetworks.stream()
                .filter(range -> !range.isBlank())
                .map(NetworkRange::parse)
                .toList();
        this.rule = rule;
    }

    /**
     * A reactor-netty client on {@code connections} with an {@link AddressGuard} first in
     * every connection's pipeline: a connection to an address this policy refuses fails before
     * a byte leaves. Configure it further as usual; the guard stays.
     */
    public HttpClient httpClient(ConnectionProvider connections) {
        AddressGuard guard = new AddressGuard(this);
        return HttpClient.create(connections)
                .doOnChannelInit(
                        (observer, channel, remote) -> channel.pipeline().addFirst("jobstream-address-guard", guard));
    }

    /**
     * Empty if connections may go to {@code url}'s host; otherwise why not, in words a client
     * can show. Resolves the host off the event loop (the JDK resolver blocks), then judges
     * every address. A host that does not resolve is refused too: there is nothing to send to.
     */
    public Mono<String> refusal(URI url) {
        String host = url.getHost();
        return Mono.fromCallable(() -> InetAddress.getAllByName(host))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(LOOKUP_TIMEOUT)
                .flatMap(addresses -> Mono.justOrEmpty(Arrays.stream(addresses)
                        .filter(address -> refusal(address) != null)
                        .findFirst()
                        .map(address -> refusalOf(host, address))))
                .onErrorResume(UnknownHostException.class, e -> Mono.just(host + " cannot be resolved"))
                .onErrorResume(TimeoutException.class, e -> Mono.just(host + " could not be resolved in time"));
    }

    /** What kind of address it is, if connections may not go there; null if they may. */
    public @Nullable String refusal(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return null;
        }
        return kind(address);
    }

    private String refusalOf(String host, InetAddress address) {
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        String what = literal ? host + " is " : host + " resolves to " + address.getHostAddress() + ", ";
        return what + refusal(address) + "; " + rule;
    }

    private static @Nullable String kind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            String kind = kind(embedded);
            return kind == null ? null : kind + " inside an IPv6 address";
        }
        return SPECIAL.stream()
                .filter(special -> special.range().contains(address))
                .map(Special::kind)
                .findFirst()
                .orElse(null);
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 or 6to4 IPv6 address; null for any other. */
    private static @Nullable InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address ipv6)) {
            return null;
        }
        byte[] bytes = ipv6.getAddress();
        int from;
        if (ipv6.isIPv4CompatibleAddress() || NAT64.contains(ipv6)) {
            from = 12;
        } else if (SIX_TO_FOUR.contains(ipv6)) {
            from = 2;
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private record Special(NetworkRange range, String kind) {
        Special(String cidr, String kind) {
            this(NetworkRange.parse(cidr), kind);
        }
    }
}
