package dev.seatbooking.cache.hold;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.seatbooking.cache.CacheServiceApplication;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.error.ApiExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The HTTP mapping of the internal API alone: what each endpoint answers, and everything it refuses
 * before the seat state is asked. The seat state is stubbed; {@link InternalApiTest} runs the same
 * API against the real Redis and PostgreSQL. The internal token is {@code InternalTokenTest}'s.
 */
@WebMvcTest(controllers = HoldController.class, properties = CacheServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import(ApiExceptionHandler.class)
class HoldControllerTest {

    private static final String CREATED_AT = "2026-01-20T10:00:00.123456Z";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private HoldService holds;

    @MockitoBean
    private SeatState seats;

    @MockitoBean
    private SeatStateRebuilder rebuilder;

    @Test
    void aBatchOfHoldsIsAnsweredInOrderInSnakeCase() throws Exception {
        given(holds.holdAll(any())).willReturn(List.of(new ClaimResponse(ClaimResult.HELD, 11L, 600, null, null),
                new ClaimResponse(ClaimResult.SOLD_OUT, null, null, null, null)));

        holds("[" + holdJson(1, 11, "ann") + ", " + holdJson(1, 12, "ben") + "]")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[*].result", contains("HELD", "SOLD_OUT")))
                .andExpect(jsonPath("$.results[0].booking_id").value(11))
                .andExpect(jsonPath("$.results[1].booking_id").doesNotExist());
    }

    @Test
    void aReleaseIs204WhetherOrNotASeatWasFreed() throws Exception {
        mvc.perform(post("/internal/events/{eventId}/holds/release", 5).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"booking_id\": 11, \"user_id\": \"ann\"}"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));

        then(seats).should().release(5, "ann", 11);
    }

    @Test
    void aQueuedBookingIs204WhetherOrNotItStillHadAPendingHold() throws Exception {
        given(seats.keepWhileQueued(11)).willReturn(false);

        mvc.perform(post("/internal/holds/{bookingId}/queued", 11)).andExpect(status().isNoContent());

        then(seats).should().keepWhileQueued(11);
    }

    @Test
    void aPendingHoldIsReadOrIs404InTheContractsBody() throws Exception {
        given(seats.pendingClaim(11)).willReturn(Optional.of(new PendingClaim(11, 5, "ann", 1, ClaimKind.RESERVE, Instant.parse(CREATED_AT), 600)));
        given(seats.pendingClaim(12)).willReturn(Optional.empty());

        mvc.perform(get("/internal/holds/{bookingId}", 11))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.booking_id").value(11))
                .andExpect(jsonPath("$.event_id").value(5))
                .andExpect(jsonPath("$.user_id").value("ann"))
                .andExpect(jsonPath("$.created_at").value(CREATED_AT));
        mvc.perform(get("/internal/holds/{bookingId}", 12))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.code").value("BOOKING_NOT_FOUND"))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void anEmptyOrOversizedBatchIsAValidationError() throws Exception {
        holds("[]").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value("holds"));
        holds("[" + String.join(", ", Collections.nCopies(1001, holdJson(1, 1, "u"))) + "]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("holds"));
        verifyNoInteractions(holds);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"event_id": 0, "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}    | event_id
            {"event_id": -3, "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}   | event_id
            {"event_id": "abc", "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"} | event_id
            {"event_id": 1, "booking_id": 0, "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}    | booking_id
            {"event_id": 1, "booking_id": 1, "user_id": " ", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}    | user_id
            {"event_id": 1, "booking_id": 1, "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}                    | user_id
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "HOLD"}                                           | created_at
            {"event_id": 1, "booking_id": "1", "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}  | booking_id
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "HOLD", "created_at": "yesterday"}                | created_at
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 0, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}    | quantity
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 51, "kind": "HOLD", "created_at": "2026-01-20T10:00:00Z"}   | quantity
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 1, "created_at": "2026-01-20T10:00:00Z"}                    | kind
            {"event_id": 1, "booking_id": 1, "user_id": "u", "quantity": 1, "kind": "SELL", "created_at": "2026-01-20T10:00:00Z"}    | kind
            """)
    void anInvalidHoldIsAValidationError(String hold, String field) throws Exception {
        holds("[" + hold + "]")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field", endsWith(field)));
        verifyNoInteractions(holds);
    }

    @Test
    void aTooLongUserIdOrMalformedJsonIsAValidationError() throws Exception {
        holds("[" + holdJson(1, 1, "x".repeat(256)) + "]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field", endsWith("user_id")));
        mvc.perform(post("/internal/holds").contentType(MediaType.APPLICATION_JSON).content("{\"holds\": [{\"booking_id\": 1,"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
        verifyNoInteractions(holds);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 | {"booking_id": 1, "user_id": "u"}  | event_id
            1 | {"booking_id": -1, "user_id": "u"} | booking_id
            1 | {"booking_id": 1, "user_id": ""}   | user_id
            """)
    void anInvalidReleaseIsAValidationError(String eventId, String body, String field) throws Exception {
        mvc.perform(post("/internal/events/{eventId}/holds/release", eventId).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verifyNoInteractions(seats);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "abc"})
    void anInvalidBookingIdIsAValidationError(String bookingId) throws Exception {
        mvc.perform(get("/internal/holds/{bookingId}", bookingId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("booking_id"));
        mvc.perform(post("/internal/holds/{bookingId}/queued", bookingId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("booking_id"));
        verifyNoInteractions(seats);
    }

    private ResultActions holds(String holds) throws Exception {
        return mvc.perform(post("/internal/holds").contentType(MediaType.APPLICATION_JSON)
                .content("{\"holds\": " + holds + "}"));
    }

    private static String holdJson(long eventId, long bookingId, String userId) {
        return "{\"event_id\": " + eventId + ", \"booking_id\": " + bookingId + ", \"user_id\": \"" + userId
                + "\", \"quantity\": 1, \"kind\": \"RESERVE\", \"created_at\": \"" + CREATED_AT + "\"}";
    }
}
