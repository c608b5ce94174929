package io.jobstream.system;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Problem documents for the errors answered before a request reaches the application, which
 * would otherwise leave with an empty body: Reactor Netty's own answers to a request line or
 * headers too long (414, 431) or a request it cannot parse (400), and Spring's 400 to a path
 * with broken percent-encoding. A handler right after the HTTP codec of every connection
 * gives each error response that has no body one, in {@code application/problem+json}; the
 * answers the application writes itself (through {@link ProblemResponses}) have bodies and
 * pass untouched.
 */
@Configuration(proxyBeanMethods = false)
class BareErrorProblems {

    private static final String HANDLER = "jobstream.bareErrorProblems";

    private static final Map<Integer, String[]> KNOWN = Map.of(
            400,
                    new String[] {
                        "bad-request", "Bad request", "The request is malformed (its path or headers cannot be read)"
                    },
            413,
                    new String[] {
                        "content-too-large", "Content too large", "The request is larger than this server accepts"
                    },
            414, new String[] {"uri-too-long", "URI too long", "The request line is longer than this server accepts"},
            431,
                    new String[] {
                        "header-fields-too-large",
                        "Request header fields too large",
                        "The request headers are larger than this server accepts"
                    });

    @Bean
    NettyServerCustomizer bareErrorProblemsCustomizer() {
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
                    && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Filler());
            }
        });
    }

    /** The problem for a bare error status, or null for a status the application always answers itself. */
    static byte @Nullable [] problem(int status) {
        String[] known = KNOWN.get(status);
        if (known == null) {
            return null;
        }
        String body = "{\"type\":\"https://jobstream.io/problems/" + known[0] + "\",\"title\":\"" + known[1]
                + "\",\"status\":" + status + ",\"detail\":\"" + known[2] + "\",\"error_code\":\"VALIDATION_ERROR\"}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Per connection: a bare error response is either one full response with no content, or
     * its head (Content-Length 0) followed by the empty last content, which then carries the
     * problem instead.
     */
    static final class Filler extends ChannelDuplexHandler {

        private byte @Nullable [] pending;

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (message instanceof HttpResponse response
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
                byte[] problem = problem(response.status().code());
                boolean bare = problem != null
                        && (message instanceof FullHttpResponse full
                                ? full.content().readableBytes() == 0
                                : HttpUtil.getContentLength(response, -1L) == 0L);
                if (bare) {
                    response.headers()
                            .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                            .set(HttpHeaderNames.CONTENT_LENGTH, problem.length);
                    if (message instanceof FullHttpResponse full) {
                        FullHttpResponse replaced = new DefaultFullHttpResponse(
                                full.protocolVersion(),
                                full.status(),
                                Unpooled.wrappedBuffer(problem),
                                full.headers(),
                                full.trailingHeaders());
                        full.release();
                        context.write(replaced, promise);
                        return;
                    }
                    pending = problem;
                }
            } else if (message instanceof LastHttpContent last && pending != null) {
                if (last.content().readableBytes() == 0) {
                    ByteBuf body = Unpooled.wrappedBuffer(pending);
                    pending = null;
                    last.release();
                    context.write(new io.netty.handler.codec.http.DefaultLastHttpContent(body), promise);
                    return;
                }
                pending = null;
            }
            context.write(message, promise);
        }
    }
}
