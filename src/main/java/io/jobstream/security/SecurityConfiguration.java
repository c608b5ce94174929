package io.jobstream.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The API is a stateless resource server: every {@code /api} request carries a JWT from the
 * configured OIDC issuer, and its subject is the owner of the jobs it touches. Reads need
 * the {@code jobs:read} scope, changes {@code jobs:write}; {@code jobs:admin} does both for
 * every user's jobs. A missing scope is a 403 problem. A request
 * without a valid token gets a 401 problem with {@code WWW-Authenticate: Bearer}. No sessions, so no
 * CSRF tokens: a browser cannot be made to send a bearer token it does not hold.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/info", "/v3/api-docs", "/v3/api-docs.yaml").permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/**").hasAnyAuthority(
                                Scopes.authority(Scopes.READ), Scopes.authority(Scopes.ADMIN))
                        .pathMatchers("/api/**").hasAnyAuthority(
                                Scopes.authority(Scopes.WRITE), Scopes.authority(Scopes.ADMIN))
                        .anyExchange().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((exchange, failure) -> Mono.error(new BearerChallenge(failure))))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, failure) -> Mono.error(new BearerChallenge(failure)))
                        .accessDeniedHandler((exchange, denied) -> Mono.error(new MissingScope(exchange))))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }
}
