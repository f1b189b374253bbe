package dev.seatbooking.booking.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins CORS_ALLOWED_ORIGINS, comma-separated (e.g. {@code https://tickets.example.com}):
 *        the browser origins that may call the API; empty, the default, allows none
 */
@ConfigurationProperties("booking.security.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {

    public CorsProperties {
        allowedOrigins = allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}
