package dev.seatbooking.booking.security;

import java.time.Duration;
import java.util.List;

import dev.seatbooking.common.security.ProblemSecurityHandlers;
import dev.seatbooking.common.security.SecurityProperties;
import dev.seatbooking.common.security.WebSecurityBaseline;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * booking-service's two filter chains, one per SECURITY_MODE. None mode keeps the reserve path as
 * light as Spring Security allows: headers and CORS, no authentication or authorization filter.
 * Jwt mode is an OAuth2 resource server: every booking and hold endpoint needs a valid bearer token,
 * creating and changing events, webhooks and the actuator beyond health need the {@value #ADMIN_SCOPE} scope,
 * reading events, the health URLs and the API documentation need nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, JwtProperties.class, CorsProperties.class})
public class SecurityConfiguration {

    public static final String ADMIN_SCOPE = "bookings:admin";
    static final String ADMIN = "SCOPE_" + ADMIN_SCOPE;

    private static final String MODE = "booking.security.mode";

    @Bean
    @ConditionalOnProperty(name = MODE, havingValue = "none", matchIfMissing = true)
    SecurityFilterChain openFilterChain(HttpSecurity http, CorsProperties cors) {
        return WebSecurityBaseline.open(http.cors(c -> c.configurationSource(corsSource(cors))));
    }

    @Bean
    @ConditionalOnProperty(name = MODE, havingValue = "jwt")
    JwtDecoder jwtDecoder(JwtProperties jwt) {
        return JwtDecoderFactory.create(jwt);
    }

    @Bean
    @ConditionalOnProperty(name = MODE, havingValue = "jwt")
    SecurityFilterChain jwtFilterChain(HttpSecurity http, CorsProperties cors, JwtDecoder decoder) {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        WebSecurityBaseline.apply(http)
                .cors(c -> c.configurationSource(corsSource(cors)))
                .authorizeHttpRequests(requests -> requests
                        // an error page rendered for a request that was already let through
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/health", "/api/bookings/health").permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/events", "/api/events/*").permitAll()
                        // the API documentation and Swagger UI, public like the API's description
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/events").hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.PATCH, "/api/events/*").hasAuthority(ADMIN)
                        .requestMatchers("/api/webhooks", "/api/webhooks/**").hasAuthority(ADMIN)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }

    /** No origin at all unless CORS_ALLOWED_ORIGINS names some; bearer tokens need no cookies. */
    static CorsConfigurationSource corsSource(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.allowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
            cors.setExposedHeaders(List.of("Location", "Retry-After", "WWW-Authenticate"));
            cors.setAllowCredentials(false);
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }
}
