package dev.seatbooking.worker;

import dev.seatbooking.common.security.WebSecurityBaseline;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * queue-worker serves only the actuator, on the internal network: no one to authenticate, but the
 * same response headers as the other services (and not Spring Boot's default login-protected chain).
 */
@Configuration(proxyBeanMethods = false)
class WorkerSecurityConfiguration {

    @Bean
    SecurityFilterChain actuatorFilterChain(HttpSecurity http) {
        return WebSecurityBaseline.open(http);
    }
}
