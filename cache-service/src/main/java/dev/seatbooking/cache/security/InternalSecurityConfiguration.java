package dev.seatbooking.cache.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import dev.seatbooking.common.security.ProblemSecurityHandlers;
import dev.seatbooking.common.security.SecurityProperties;
import dev.seatbooking.common.security.WebSecurityBaseline;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * cache-service is internal: with INTERNAL_TOKEN set, its API and every actuator endpoint but
 * health answer only requests that carry the token as a bearer token (booking-service sends it on
 * every call). Without one (development) everything stays open, as before. Spring Security's
 * opaque-token support does the bearer-token handling; the "introspection" is a constant-time
 * comparison with the configured token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class InternalSecurityConfiguration {

    @Bean
    SecurityFilterChain internalFilterChain(HttpSecurity http, SecurityProperties properties) {
        if (properties.internalTokenIfSet().isEmpty()) {
            return WebSecurityBaseline.open(http);
        }
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        WebSecurityBaseline.apply(http)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .opaqueToken(opaque -> opaque.introspector(introspector(properties.internalToken())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }

    static OpaqueTokenIntrospector introspector(String internalToken) {
        byte[] expected = internalToken.getBytes(StandardCharsets.UTF_8);
        return token -> {
            if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
                throw new BadOpaqueTokenException("Not the internal token");
            }
            return new DefaultOAuth2AuthenticatedPrincipal("booking-service", Map.of("sub", "booking-service"),
                    AuthorityUtils.createAuthorityList("ROLE_SERVICE"));
        };
    }
}
