package dev.seatbooking.booking;

import dev.seatbooking.booking.booking.ReservationProperties;
import dev.seatbooking.booking.cache.CacheServiceProperties;
import dev.seatbooking.booking.ratelimit.RateLimitProperties;
import dev.seatbooking.common.config.CommonConfiguration;
import dev.seatbooking.common.redis.RedisConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** What booking-service takes from common (the persistence model, the topology, Redis) and its own settings. */
@Configuration(proxyBeanMethods = false)
@Import({CommonConfiguration.class, RedisConfiguration.class})
@EnableConfigurationProperties({ReservationProperties.class, CacheServiceProperties.class, RateLimitProperties.class,
        BookingKeys.class})
class BookingServiceConfiguration {
}
