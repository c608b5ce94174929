package io.jobstream.egress;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Sits first in every guarded connection's pipeline and sees the address the connection is
 * really about to open, after DNS: one {@link AddressPolicy} refuses fails the connect before
 * a byte leaves. This, not a check at submit time, is what stops DNS rebinding (a name that
 * resolved to a public address then and to an internal one now), and it sees every hop of a
 * redirect.
 */
@ChannelHandler.Sharable
final class AddressGuard extends ChannelOutboundHandlerAdapter {

    private final AddressPolicy policy;

    AddressGuard(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void connect(
            ChannelHandlerContext context,
            SocketAddress remote,
            @Nullable SocketAddress local,
            ChannelPromise promise) {
        String refusal = remote instanceof InetSocketAddress address && !address.isUnresolved()
                ? policy.refusal(address.getAddress())
                : "not a resolved IP address";
        if (refusal == null) {
            context.connect(remote, local, promise);
        } else {
            promise.setFailure(new Refused(remote, refusal));
        }
    }

    /** The connection was never opened: its address is one the policy refuses. */
    static final class Refused extends ConnectException {

        private final String reason;

        Refused(SocketAddress remote, String kind) {
            super("refused to connect to " + remote + ": " + kind);
            String where = remote instanceof InetSocketAddress address && !address.isUnresolved()
                    ? address.getAddress().getHostAddress()
                    : remote.toString();
            this.reason = where + " is " + kind;
        }

        /** The address and what kind it is, e.g. {@code 10.0.0.1 is a private address}. */
        String reason() {
            return reason;
        }
    }
}
