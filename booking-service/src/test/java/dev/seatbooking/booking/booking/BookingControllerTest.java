package dev.seatbooking.booking.booking;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.booking.security.Caller;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingListItem;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The HTTP mapping of the bookings API alone (none mode): statuses, Location, bodies and the
 * contract's error body for each kind of answer, with the reservation flow behind it stubbed and
 * without the security filters (SecurityHeadersTest and JwtModeTest have those). The flow itself
 * runs for real in system-tests.
 */
@WebMvcTest(controllers = BookingController.class, properties = BookingServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import({Caller.class, ApiExceptionHandler.class, BookingControllerTest.Settings.class})
class BookingControllerTest {

    private static final Instant CREATED_AT = Instant.parse("2026-01-20T10:00:00Z");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private ReservationManager reservations;

    @MockitoBean
    private Cancellations cancellations;

    @MockitoBean
    private BookingRepository bookings;

    @MockitoBean
    private CacheServiceClient cache;

    @Test
    void aCommittedReservationIs201WithItsLocationAndTheBookingInSnakeCase() throws Exception {
        given(reservations.reserve(eq(7L), eq("ann"), isNull(), anyString()))
                .willReturn(Result.ok(new Reservation(booking(41, BookingStatus.CONFIRMED))));

        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/bookings/41"))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.booking.id").value(41))
                .andExpect(jsonPath("$.booking.event_id").value(7))
                .andExpect(jsonPath("$.booking.user_id").value("ann"))
                .andExpect(jsonPath("$.booking.status").value("CONFIRMED"))
                .andExpect(jsonPath("$.booking.created_at").value("2026-01-20T10:00:00Z"))
                .andExpect(jsonPath("$.booking.reason").doesNotExist());
    }

    @Test
    void aQueuedReservationIs202Pending() throws Exception {
        given(reservations.reserve(eq(7L), eq("ann"), eq("key-1"), anyString()))
                .willReturn(Result.ok(new Reservation(booking(42, BookingStatus.PENDING))));

        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}").header("Idempotency-Key", "key-1"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/bookings/42"))
                .andExpect(jsonPath("$.booking.status").value("PENDING"));
    }

    @Test
    void aRefusalIsTheContractsErrorBodyWithItsStatus() throws Exception {
        given(reservations.reserve(eq(7L), eq("ann"), isNull(), anyString()))
                .willReturn(Result.refused(ErrorCode.SOLD_OUT, "No seats left for event 7"));

        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}"))
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value("urn:seat-booking:problem:sold-out"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.code").value("SOLD_OUT"))
                .andExpect(jsonPath("$.error").value("No seats left for event 7"))
                .andExpect(jsonPath("$.detail").value("No seats left for event 7"))
                .andExpect(jsonPath("$.instance").value("/api/bookings/reserve"));
    }

    @Test
    void aRateLimitIs429WithRetryAfterInWholeSecondsRoundedUp() throws Exception {
        given(reservations.reserve(eq(7L), eq("ann"), isNull(), anyString())).willReturn(Result.refused(
                new Refusal(ErrorCode.RATE_LIMITED, "Too many requests from this user", Duration.ofMillis(1200))));

        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"));
    }

    @Test
    void anUnavailableStoreIs503WithRetryAfter() throws Exception {
        given(reservations.reserve(eq(7L), eq("ann"), isNull(), anyString()))
                .willThrow(ApiException.unavailable("The booking queue", null));

        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"));
    }

    @Test
    void badBodiesAndKeysAre400NamingTheFieldAndReachNothing() throws Exception {
        mvc.perform(reserve("{\"event_id\": \"7\", \"user_id\": \"ann\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value("event_id"));
        mvc.perform(reserve("{\"event_id\": 0, \"user_id\": \"ann\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("event_id"))
                .andExpect(jsonPath("$.errors[0].message").value("must be greater than 0"));
        mvc.perform(reserve("{\"event_id\": 7}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("user_id"));
        mvc.perform(reserve("{\"event_id\": 7, \"user_id\": \"ann\"}").header("Idempotency-Key", "ключ"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
        mvc.perform(reserve("{\"event_id\": 7,"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Request body is missing or is not valid JSON"));
        verifyNoInteractions(reservations);
    }

    @Test
    void aBookingIsReadFromPostgresqlOrElseAsItsPendingHold() throws Exception {
        given(bookings.findById(41L)).willReturn(Optional.of(Booking.confirmed(41, 7, "ann", null, CREATED_AT)));
        given(cache.pendingClaim(42L)).willReturn(Optional.of(new PendingClaim(42, 7, "bob", 1, ClaimKind.RESERVE, CREATED_AT, 600)));

        mvc.perform(get("/api/bookings/41"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.booking.status").value("CONFIRMED"));
        mvc.perform(get("/api/bookings/42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.booking.status").value("PENDING"))
                .andExpect(jsonPath("$.booking.user_id").value("bob"));
        mvc.perform(get("/api/bookings/43"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("BOOKING_NOT_FOUND"))
                .andExpect(jsonPath("$.error").value("Booking 43 not found"));
        mvc.perform(get("/api/bookings/x"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("booking_id"));
    }

    @Test
    void aUsersListIsAPageAndItsBoundsAreChecked() throws Exception {
        given(bookings.findListByUserId(eq("ann"), any())).willReturn(new PageImpl<>(
                List.of(new BookingListItem(41, 7, "Rock", "ann", 1, BookingStatus.CONFIRMED, CREATED_AT)),
                PageRequest.of(0, 20), 1));

        mvc.perform(get("/api/bookings/user/ann"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data", hasSize(1)))
                .andExpect(jsonPath("$.data[0].event_name").value("Rock"))
                .andExpect(jsonPath("$.page.total_elements").value(1));
        mvc.perform(get("/api/bookings/user/ann").queryParam("size", "101"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get("/api/bookings/user/ann").queryParam("page", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"));
    }

    @Test
    void aCancelIs200Or202OrTheRefusal() throws Exception {
        given(cancellations.cancel(41L, "ann")).willReturn(Result.ok(Cancellations.Cancellation.COMMITTED));
        given(cancellations.cancel(42L, "ann")).willReturn(Result.ok(Cancellations.Cancellation.QUEUED));
        given(cancellations.cancel(43L, "ann"))
                .willReturn(Result.refused(ErrorCode.ALREADY_CANCELLED, "The booking is already cancelled"));

        mvc.perform(cancel(41, "{\"user_id\": \"ann\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.message").value("Booking cancelled"));
        mvc.perform(cancel(42, "{\"user_id\": \"ann\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.message").value("Cancellation accepted and being processed"));
        mvc.perform(cancel(43, "{\"user_id\": \"ann\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code", equalTo("ALREADY_CANCELLED")));
        // none mode: the body says who cancels, so it cannot be left out
        mvc.perform(delete("/api/bookings/41"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("user_id"));
    }

    /** None mode, as booking-service.yml sets it: the caller is the body's user_id. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Settings {
    }

    private static BookingView booking(long id, BookingStatus status) {
        return new BookingView(id, 7, "ann", 1, status, null, null, CREATED_AT);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder reserve(String body) {
        return post("/api/bookings/reserve").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder cancel(long id,
            String body) {
        return delete("/api/bookings/" + id).contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
