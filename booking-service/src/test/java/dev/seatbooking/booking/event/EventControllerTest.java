package dev.seatbooking.booking.event;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import org.junit.jupiter.api.Test;
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

    /** The id PostgreSQL would have given it. */
    private static Event withId(Event event, long id) {
        ReflectionTestUtils.setField(event, "id", id);
        return event;
    }
}
