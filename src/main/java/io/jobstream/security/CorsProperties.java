package io.jobstream.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jobstream.cors.*}: the browser origins (e.g. {@code https://app.example.com}; Spring
 * origin patterns such as {@code https://*.example.com} or {@code http://localhost:[*]}
 * too) whose pages may call the API and open its event streams. None by default: same
 * origin only.
 */
@ConfigurationProperties("jobstream.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {}
