package io.jobstream.ui;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jobstream.ui.*}: the dashboard at {@code /ui/}. The page logs in against {@code issuer}
 * (by default the issuer whose tokens the API accepts) as the public client {@code client-id},
 * asking for {@code scope}; register that client at your identity provider with the redirect
 * URI {@code https://<jobstream>/ui/} and no secret (a public client, PKCE).
 */
@ConfigurationProperties("jobstream.ui")
public record DashboardProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("jobstream-ui") String clientId,
        @Nullable String issuer,
        @DefaultValue("openid jobs:read jobs:write") String scope) {}
