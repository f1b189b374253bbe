package dev.seatbooking.common.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What every filter chain of the suite starts from: a stateless JSON API with Spring Security's
 * default response headers. No sessions or cookies are ever issued, so there is nothing for CSRF
 * to ride on; no login form, basic auth, logout or saved requests either.
 */
public final class WebSecurityBaseline {

    private WebSecurityBaseline() {
    }

    public static HttpSecurity apply(HttpSecurity http) {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(Customizer.withDefaults());
    }

    /**
     * A chain that authenticates no one and lets everything through, with the headers only: as few
     * filters as Spring Security allows, for the paths where nobody needs to be known (no
     * authorization filter, no anonymous user).
     */
    public static SecurityFilterChain open(HttpSecurity http) {
        return apply(http).anonymous(AbstractHttpConfigurer::disable).build();
    }
}
