package io.jobstream.security;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * The API is a stateless resource server: every {@code /api} request carries a JWT from the
 * configured OIDC issuer, and its subject is the owner of the jobs it touches; or an API key
 * ({@code Bearer jsk_...}, {@link ApiKeyVerifier}), which stands for the subject that created it
 * with the scopes it was given. Reads need
 * the {@code jobs:read} scope, changes {@code jobs:write}; {@code jobs:admin} does both for
 * every user's jobs, and alone reads the actuator's endpoints other than health and info
 * (metrics, Prometheus). A missing scope is a 403 problem. A request
 * without a valid token gets a 401 problem with {@code WWW-Authenticate: Bearer}. No sessions, so no
 * CSRF tokens: a browser cannot be made to send a bearer token it does not hold.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The event streams, the only routes that take a stream token. */
    static final String[] STREAMS = {"/api/jobs/events", "/api/jobs/*/events", "/api/jobs/batch/*/events"};

    @Bean
    SecurityWebFilterChain securityFilterChain(
            ServerHttpSecurity http,
            StreamTokens streamTokens,
            CorsProperties cors,
            ReactiveJwtDecoder jwtDecoder,
            ObjectProvider<ReactiveJwtAuthenticationConverter> jwtConverter,
            ApiKeyVerifier apiKeys) {
        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/info", "/v3/api-docs", "/v3/api-docs.yaml")
                        .permitAll()
                        // the dashboard's page and assets hold no data: the page logs in, then calls /api
                        .pathMatchers(HttpMethod.GET, "/", "/ui", "/ui/**")
                        .permitAll()
                        // the other actuator endpoints (metrics, prometheus, ...) show every user's workload
                        .pathMatchers("/api/**", RequiredScope.ACTUATOR + "/**")
                        .access(new RequiredScope())
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt ->
                                jwt.authenticationManager(bearerAuthentication(jwtDecoder, jwtConverter, apiKeys)))
                        .authenticationEntryPoint((exchange, failure) -> Mono.error(new BearerChallenge(failure))))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(
                                (exchange, failure) -> Mono.error(new BearerChallenge(failure)))
                        .accessDeniedHandler((exchange, denied) -> Mono.error(new MissingScope(exchange))))
                .addFilterAt(streamTokenFilter(streamTokens), SecurityWebFiltersOrder.AUTHENTICATION)
                .cors(spec -> spec.configurationSource(corsConfiguration(cors)))
                // no saved requests: a stateless API has no login to come back from, and the
                // default cache made every request create a WebSession on boundedElastic
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }

    /**
     * API keys beside JWTs, on the resource server's own filter (same bearer header, entry point
     * and problems); the JWT manager as Spring Security builds it by default.
     */
    private static ReactiveAuthenticationManager bearerAuthentication(
            ReactiveJwtDecoder decoder,
            ObjectProvider<ReactiveJwtAuthenticationConverter> converter,
            ApiKeyVerifier apiKeys) {
        JwtReactiveAuthenticationManager jwts = new JwtReactiveAuthenticationManager(decoder);
        jwts.setJwtAuthenticationConverter(converter.getIfAvailable(ReactiveJwtAuthenticationConverter::new));
        return new BearerAuthentication(jwts, apiKeys);
    }

    /**
     * {@code ?stream_token=} on a {@code GET} of an event stream authenticates the request as
     * the token's caller; a bad or expired one is a 401 like a bad bearer token. Elsewhere
     * the parameter is not looked at (and the API refuses it as unknown).
     */
    private static AuthenticationWebFilter streamTokenFilter(StreamTokens tokens) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(
                (ReactiveAuthenticationManager) authentication -> Mono.justOrEmpty(authentication));
        filter.setRequiresAuthenticationMatcher(new AndServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, STREAMS),
                exchange -> exchange.getRequest().getQueryParams().containsKey("stream_token")
                        ? ServerWebExchangeMatcher.MatchResult.match()
                        : ServerWebExchangeMatcher.MatchResult.notMatch()));
        filter.setServerAuthenticationConverter(exchange -> Mono.justOrEmpty(
                        exchange.getRequest().getQueryParams().getFirst("stream_token"))
                .map(token -> tokens.verify(token)
                        .<Authentication>map(StreamTokenAuthentication::new)
                        .orElseThrow(() -> new OAuth2AuthenticationException(new BearerTokenError(
                                BearerTokenErrorCodes.INVALID_TOKEN,
                                HttpStatus.UNAUTHORIZED,
                                "The stream token is expired, forged or not from this service",
                                null)))));
        filter.setAuthenticationFailureHandler((exchange, failure) -> Mono.error(new BearerChallenge(failure)));
        return filter;
    }

    /** Pages from the configured origins may call the API and open its streams; none when the list is empty. */
    private static CorsConfigurationSource corsConfiguration(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOriginPatterns(properties.allowedOrigins());
            configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
            configuration.setAllowedHeaders(List.of(
                    HttpHeaders.AUTHORIZATION,
                    HttpHeaders.CONTENT_TYPE,
                    "Idempotency-Key",
                    "Last-Event-ID",
                    // a page downloading part of a file
                    HttpHeaders.RANGE));
            configuration.setExposedHeaders(List.of(
                    HttpHeaders.LOCATION,
                    HttpHeaders.RETRY_AFTER,
                    "Idempotent-Replayed",
                    HttpHeaders.CONTENT_DISPOSITION,
                    HttpHeaders.CONTENT_RANGE,
                    HttpHeaders.ACCEPT_RANGES));
            configuration.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", configuration);
        }
        return source;
    }
}
