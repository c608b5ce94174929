package io.jobstream.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The API is a stateless resource server: every {@code /api} request carries a JWT from the
 * configured OIDC issuer, and its subject is the owner of the jobs it touches. A request
 * without a valid token gets a 401 problem with {@code WWW-Authenticate: Bearer}. No sessions, so no
 * CSRF tokens: a browser cannot be made to send a bearer token it does not hold.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http) {
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((exchange, failure) -> Mono.error(new BearerChallenge(failure))))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, failure) -> Mono.error(new BearerChallenge(failure))))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }
}
