package dev.seatbooking.booking.event;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.common.api.EventView;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.event.EventStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP mapping of the events API alone (none mode), the repository stubbed. */
@WebMvcTest(controllers = EventController.class, properties = BookingServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import(ApiExceptionHandler.class)
class EventControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private EventRepository events;

    @MockitoBean
    private EventChanges changes;

    @Test
    void aCreatedEventIs201WithItsLocationAndNoSeatBooked() throws Exception {
        given(events.save(any(Event.class))).willAnswer(call -> withId(call.getArgument(0), 5));

        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Rock Concert\", \"total_seats\": 100}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/events/5"))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.event.id").value(5))
                .andExpect(jsonPath("$.event.name").value("Rock Concert"))
                .andExpect(jsonPath("$.event.total_seats").value(100))
                .andExpect(jsonPath("$.event.booked_seats").value(0))
                .andExpect(jsonPath("$.event.available_seats").value(100))
                .andExpect(jsonPath("$.event.created_at").isString());
    }

    @Test
    void anEventOutsideTheLimitsIs400NamingTheField() throws Exception {
        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Too big\", \"total_seats\": 1000001}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value("total_seats"));
        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"   \", \"total_seats\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        verifyNoInteractions(events);
    }

    @Test
    void anEventIsFoundOrIs404() throws Exception {
        given(events.findById(5L)).willReturn(Optional.of(withId(new Event("Rock", 10), 5)));

        mvc.perform(get("/api/events/5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.event.name").value("Rock"));
        mvc.perform(get("/api/events/6"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("EVENT_NOT_FOUND"))
                .andExpect(jsonPath("$.error").value("Event 6 does not exist"));
        mvc.perform(get("/api/events/0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("event_id"));
    }

    @Test
    void eventsArePagedNewestFirst() throws Exception {
        given(events.findAll(PageRequest.of(1, 2, org.springframework.data.domain.Sort.by(
                org.springframework.data.domain.Sort.Order.desc("id")))))
                .willReturn(new PageImpl<>(List.of(withId(new Event("Older", 1), 1)), PageRequest.of(1, 2), 3));

        mvc.perform(get("/api/events").queryParam("page", "1").queryParam("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data", hasSize(1)))
                .andExpect(jsonPath("$.page.number").value(1))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.total_elements").value(3))
                .andExpect(jsonPath("$.page.total_pages").value(2));
        mvc.perform(get("/api/events").queryParam("size", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
    }

    @Test
    void anEventIsCreatedWithItsSettingsAndAWindowThatEndsBeforeItStartsIs400() throws Exception {
        given(events.save(any(Event.class))).willAnswer(call -> withId(call.getArgument(0), 6));

        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "On sale", "total_seats": 10, "max_per_user": 4, "hold_ttl_seconds": 120,
                         "sales_start": "2026-03-01T09:00:00Z", "status": "PAUSED"}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.event.max_per_user").value(4))
                .andExpect(jsonPath("$.event.hold_ttl_seconds").value(120))
                .andExpect(jsonPath("$.event.sales_start").value("2026-03-01T09:00:00Z"))
                .andExpect(jsonPath("$.event.sales_end").doesNotExist())
                .andExpect(jsonPath("$.event.status").value("PAUSED"))
                .andExpect(jsonPath("$.event.held_seats").value(0));
        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "Backwards", "total_seats": 10, "sales_start": "2026-03-01T09:00:00Z",
                         "sales_end": "2026-03-01T08:00:00Z"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("sales_end"));
        mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Greedy\", \"total_seats\": 10, \"max_per_user\": 51}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("max_per_user"));
    }

    @Test
    void aPatchIsReadAsAMergePatchAndItsAnswerIsTheEventOrTheRefusal() throws Exception {
        given(changes.change(eq(5L), any())).willReturn(Result.ok(EventView.of(withId(new Event("Rock", 20), 5))));
        given(changes.change(eq(6L), any())).willReturn(Result.refused(ErrorCode.CAPACITY_BELOW_SOLD, "More seats"));

        mvc.perform(patch("/api/events/5").contentType("application/merge-patch+json")
                        .content("{\"total_seats\": 20, \"sales_end\": null, \"status\": \"CLOSED\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.event.total_seats").value(20));
        then(changes).should().change(eq(5L), argThat(patch -> patch.totalSeats() == 20
                && patch.status() == EventStatus.CLOSED && patch.salesEnd() != null && patch.salesEnd().at() == null
                && patch.salesStart() == null && patch.maxPerUser() == null));
        mvc.perform(patch("/api/events/6").contentType(MediaType.APPLICATION_JSON).content("{\"total_seats\": 1}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CAPACITY_BELOW_SOLD"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"total_seats": 0}                  | total_seats
            {"total_seats": 1.5}                | total_seats
            {"total_seats": "10"}               | total_seats
            {"status": "SOLD"}                  | status
            {"sales_start": "tomorrow"}         | sales_start
            {"max_per_user": 51}                | max_per_user
            {"hold_ttl_seconds": 86401}         | hold_ttl_seconds
            """)
    void aPatchWithAValueOutOfItsBoundsIs400NamingTheField(String body, String field) throws Exception {
        mvc.perform(patch("/api/events/5").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verifyNoInteractions(changes);
    }

    /** The id PostgreSQL would have given it. */
    private static Event withId(Event event, long id) {
        ReflectionTestUtils.setField(event, "id", id);
        return event;
    }
}
