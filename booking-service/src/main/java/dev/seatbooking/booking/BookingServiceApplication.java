package dev.seatbooking.booking;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Bare, so that test slices (@WebMvcTest) load none of it: the wiring is in {@link BookingServiceConfiguration}. */
@SpringBootApplication
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
