package dev.seatbooking.booking.waitlist;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.booking.security.Caller;
import dev.seatbooking.booking.waitlist.WaitlistEntryView.Status;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP mapping of the waiting-list API alone (none mode), the list behind it stubbed; WaitlistTest runs it for real. */
@WebMvcTest(controllers = WaitlistController.class, properties = BookingServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import({Caller.class, ApiExceptionHandler.class, WaitlistControllerTest.Settings.class})
class WaitlistControllerTest {

    private static final Instant CREATED_AT = Instant.parse("2026-01-20T10:00:00Z");

    @TestConfiguration
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Settings {
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private Waitlist waitlist;

    @Test
    void aJoinIs201WithTheEntryItsPositionAndItsLocation() throws Exception {
        given(waitlist.join(7, "ann", 2)).willReturn(Result.ok(new Waitlist.Joined(entry(Status.WAITING, 3, null))));

        mvc.perform(post("/api/events/7/waitlist").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user_id\": \"ann\", \"quantity\": 2}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/waitlist/11"))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.entry.status").value("WAITING"))
                .andExpect(jsonPath("$.entry.position").value(3))
                .andExpect(jsonPath("$.entry.event_id").value(7))
                .andExpect(jsonPath("$.entry.hold_id").doesNotExist());
    }

    @Test
    void aJoinWithoutQuantityAsksForOneSeat() throws Exception {
        given(waitlist.join(7, "ann", 1)).willReturn(Result.ok(new Waitlist.Joined(entry(Status.WAITING, 1, null))));

        mvc.perform(post("/api/events/7/waitlist").contentType(MediaType.APPLICATION_JSON).content("{\"user_id\": \"ann\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void aRefusedJoinIsItsErrorBody() throws Exception {
        given(waitlist.join(anyLong(), anyString(), anyInt()))
                .willReturn(Result.refused(ErrorCode.SEATS_AVAILABLE, "2 seats of event 7 are available: hold them instead"));

        mvc.perform(post("/api/events/7/waitlist").contentType(MediaType.APPLICATION_JSON).content("{\"user_id\": \"ann\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.code").value("SEATS_AVAILABLE"));
    }

    @Test
    void aJoinWithoutUserOrWithTooManySeatsIs400AndReachesNothing() throws Exception {
        mvc.perform(post("/api/events/7/waitlist").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
        mvc.perform(post("/api/events/7/waitlist").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user_id\": \"ann\", \"quantity\": 51}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/events/0/waitlist").contentType(MediaType.APPLICATION_JSON).content("{\"user_id\": \"ann\"}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(waitlist);
    }

    @Test
    void anOfferedEntryShowsItsHoldAndWhenItsOfferExpires() throws Exception {
        given(waitlist.find(any(Long.class), any())).willReturn(Result.ok(entry(Status.OFFERED, null, 51L)));

        mvc.perform(get("/api/waitlist/11"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entry.status").value("OFFERED"))
                .andExpect(jsonPath("$.entry.hold_id").value(51))
                .andExpect(jsonPath("$.entry.offer_expires_at").value("2026-01-20T10:15:00Z"))
                .andExpect(jsonPath("$.entry.position").doesNotExist());
    }

    @Test
    void anUnknownEntryIs404() throws Exception {
        given(waitlist.find(any(Long.class), any()))
                .willReturn(Result.refused(ErrorCode.WAITLIST_ENTRY_NOT_FOUND, "Waiting-list entry 11 not found"));

        mvc.perform(get("/api/waitlist/11"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WAITLIST_ENTRY_NOT_FOUND"));
    }

    @Test
    void leavingIs200WhenCommittedAnd202WhileTheOffersReleaseIsQueued() throws Exception {
        given(waitlist.leave(11, "ann")).willReturn(Result.ok(new Waitlist.Left(entry(Status.LEFT, null, null), true)));
        given(waitlist.leave(12, "ann")).willReturn(Result.ok(new Waitlist.Left(entry(Status.OFFERED, null, 51L), false)));

        mvc.perform(delete("/api/waitlist/11").contentType(MediaType.APPLICATION_JSON).content("{\"user_id\": \"ann\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entry.status").value("LEFT"));
        mvc.perform(delete("/api/waitlist/12").contentType(MediaType.APPLICATION_JSON).content("{\"user_id\": \"ann\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.entry.status").value("OFFERED"));
    }

    @Test
    void leavingWithoutUserIs400() throws Exception {
        mvc.perform(delete("/api/waitlist/11"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
        verifyNoInteractions(waitlist);
    }

    private static WaitlistEntryView entry(Status status, Integer position, Long holdId) {
        return new WaitlistEntryView(11, 7, "ann", 2, status, position, holdId,
                holdId == null ? null : CREATED_AT.plusSeconds(900), CREATED_AT);
    }
}
