package io.jobstream.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The guard sees the address a connection is about to open and refuses it before anything is sent. */
class AddressGuardTest {

    @Test
    void connectionToARefusedAddressFailsBeforeItIsOpened() {
        EmbeddedChannel channel = new EmbeddedChannel(new AddressGuard(AddressPolicyTest.policy()));

        ChannelFuture connect = channel.connect(new InetSocketAddress("127.0.0.1", 8080));

        assertThat(connect.isSuccess()).isFalse();
        assertThat(connect.cause())
                .isInstanceOf(AddressGuard.Refused.class)
                .hasMessageContaining("127.0.0.1:8080")
                .hasMessageContaining("a loopback address");
        assertThat(((AddressGuard.Refused) connect.cause()).reason()).isEqualTo("127.0.0.1 is a loopback address");
    }

    @Test
    void unresolvedAddressIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new AddressGuard(AddressPolicyTest.policy()));

        ChannelFuture connect = channel.connect(InetSocketAddress.createUnresolved("example.com", 80));

        assertThat(connect.cause()).isInstanceOf(AddressGuard.Refused.class);
    }

    @Test
    void connectionToAnAllowedAddressGoesAhead() {
        EmbeddedChannel channel = new EmbeddedChannel(new AddressGuard(AddressPolicyTest.policy("127.0.0.0/8")));

        ChannelFuture connect = channel.connect(new InetSocketAddress("127.0.0.1", 8080));

        assertThat(connect.isSuccess()).isTrue();
    }
}
