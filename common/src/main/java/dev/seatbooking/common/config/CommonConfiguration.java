package dev.seatbooking.common.config;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.cache.RedisKeys;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.messaging.MessagingConfiguration;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** What every service imports: the persistence model, the topology, key names and the error body. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RedisKeys.class, MessagingProperties.class})
@EntityScan(basePackageClasses = {Booking.class, dev.seatbooking.common.event.Event.class})
@EnableJpaRepositories(basePackageClasses = {BookingRepository.class, EventRepository.class})
@Import({ApiExceptionHandler.class, MessagingConfiguration.class})
public class CommonConfiguration {
}
