package dev.seatbooking.common.config;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.messaging.MessagingConfiguration;
import dev.seatbooking.common.messaging.MessagingProperties;
import dev.seatbooking.common.security.ProblemErrorReportValve;
import dev.seatbooking.common.security.ProblemRequestRejectedHandler;
import dev.seatbooking.common.tracing.BatchedTraces;
import dev.seatbooking.common.webhook.WebhookProperties;
import dev.seatbooking.common.web.RequestBodyFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** What every service imports: the persistence model, the topology and the error body. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MessagingProperties.class, WebhookProperties.class})
@EntityScan(basePackageClasses = {Booking.class, dev.seatbooking.common.event.Event.class})
@EnableJpaRepositories(basePackageClasses = {BookingRepository.class, EventRepository.class})
@Import({ApiExceptionHandler.class, MessagingConfiguration.class, BatchedTraces.class})
public class CommonConfiguration {

    /**
     * A number or boolean sent where text is expected ({@code "user_id": 5}) is a client error, not
     * something to guess at; common.yml already refuses the reverse ({@code "event_id": "1"}).
     */
    @Bean
    JsonMapperBuilderCustomizer strictTextualValues() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, textual -> textual
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * Spring Security would observe each filter of every chain (a timer and a span event each):
     * 9% of booking-service's CPU and 6% of cache-service's under a reservation storm
     * (async-profiler, docs/benchmarks.md), for nothing that the request's own
     * {@code http.server.requests} observation and span do not already show.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Right after Spring Security's filters, so that a 413 carries the security headers too, and
     * before anything reads a body.
     */
    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(
            @Value("${booking.web.max-body-bytes:16384}") long maxBodyBytes) {
        FilterRegistrationBean<RequestBodyFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyFilter(maxBodyBytes));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** Spring Security's firewall picks this up for the requests it refuses outright. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    /**
     * In place of the error report valve Boot installs (Tomcat's HTML page), so that what Tomcat
     * refuses by itself is answered in the contract's body too.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        // unordered, so after Boot's own customizer (order 0), whose valve it replaces
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            // the host installs its error report valve by this class name when it starts
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }
}
