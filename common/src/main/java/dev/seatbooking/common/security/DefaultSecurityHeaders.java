package dev.seatbooking.common.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * Spring Security's default response headers, for the answers given before its filter chain
 * runs (the firewall's, Tomcat's own): the same writers {@code headers(withDefaults())} uses.
 */
final class DefaultSecurityHeaders {

    private static final List<HeaderWriter> WRITERS = List.of(new CacheControlHeadersWriter(),
            new XContentTypeOptionsHeaderWriter(), new HstsHeaderWriter(), new XFrameOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter());

    private DefaultSecurityHeaders() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response) {
        WRITERS.forEach(writer -> writer.writeHeaders(request, response));
    }
}
