package io.jobstream.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** Which addresses connections may go to, with the defaults (nothing allowed beyond public addresses). */
class AddressPolicyTest {

    static AddressPolicy policy(String... allowedNetworks) {
        return new AddressPolicy(List.of(allowedNetworks), "connections go to public addresses only");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1          | a loopback address
            127.10.20.30       | a loopback address
            ::1                | a loopback address
            10.0.0.1           | a private address
            172.16.5.4         | a private address
            172.31.255.255     | a private address
            192.168.1.1        | a private address
            169.254.169.254    | a link-local address
            fe80::1            | a link-local address
            fc00::1            | a private (unique local) address
            fd12:3456::1       | a private (unique local) address
            0.0.0.0            | an unspecified address
            ::                 | an unspecified address
            0.1.2.3            | a 'this network' address
            100.64.0.1         | a carrier-grade NAT address
            100.127.255.254    | a carrier-grade NAT address
            224.0.0.1          | a multicast address
            ff02::1            | a multicast address
            255.255.255.255    | a reserved address
            198.18.0.1         | a benchmarking address
            ::ffff:127.0.0.1   | a loopback address
            ::ffff:10.0.0.1    | a private address
            64:ff9b::a00:1     | a private address inside an IPv6 address
            2002:7f00:1::      | a loopback address inside an IPv6 address
            """)
    void specialAddressesAreRefused(String address, String kind) throws Exception {
        assertThat(policy().refusal(InetAddress.getByName(address))).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "100.128.0.1",
                "192.169.0.1",
                "2001:4860:4860::8888",
                "64:ff9b::808:808"
            })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(policy().refusal(InetAddress.getByName(address))).isNull();
    }

    @Test
    void allowedNetworksAreAllowedAndNothingBeyondThem() throws Exception {
        AddressPolicy policy = policy("127.0.0.0/8", "10.20.0.0/16", "fd00:1::/32");

        assertThat(policy.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(policy.refusal(InetAddress.getByName("10.20.3.4"))).isNull();
        assertThat(policy.refusal(InetAddress.getByName("fd00:1::5"))).isNull();
        assertThat(policy.refusal(InetAddress.getByName("10.21.0.1"))).isEqualTo("a private address");
        assertThat(policy.refusal(InetAddress.getByName("::1"))).isEqualTo("a loopback address");
        assertThat(policy.refusal(InetAddress.getByName("fd00:2::5"))).isEqualTo("a private (unique local) address");
    }

    @Test
    void loopbackUrlIsRefusedWithAReasonForTheClient() {
        StepVerifier.create(policy().refusal(URI.create("http://127.0.0.1:8080/hook")))
                .expectNext("127.0.0.1 is a loopback address; connections go to public addresses only")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void hostNameIsJudgedByWhatItResolvesTo() {
        StepVerifier.create(policy().refusal(URI.create("http://localhost:8080/hook")))
                .assertNext(reason ->
                        assertThat(reason).startsWith("localhost resolves to ").contains("a loopback address"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void allowedUrlHasNoRefusal() {
        StepVerifier.create(policy("127.0.0.0/8").refusal(URI.create("http://127.0.0.1:8080/hook")))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost/8", "10.0.0.0/33", "::1/129", "10.0.0/8", "cafe", "10.0.0.0/x"})
    void badAllowedNetworkFailsAtStartUp(String range) {
        assertThatIllegalArgumentException().isThrownBy(() -> policy(range));
    }
}
