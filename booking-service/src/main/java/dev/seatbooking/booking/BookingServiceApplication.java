package dev.seatbooking.booking;

import dev.seatbooking.booking.booking.ReservationProperties;
import dev.seatbooking.booking.cache.CacheServiceProperties;
import dev.seatbooking.booking.ratelimit.RateLimitProperties;
import dev.seatbooking.common.config.CommonConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(CommonConfiguration.class)
@EnableConfigurationProperties({ReservationProperties.class, CacheServiceProperties.class, RateLimitProperties.class})
public class BookingServiceApplication {

    /** The service reads booking-service.yml (not application.yml), so all three can share one classpath in tests. */
    public static final String CONFIG_NAME = "spring.config.name=booking-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(BookingServiceApplication.class).properties(CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
