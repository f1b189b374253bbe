package dev.seatbooking.booking.webhook;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.booking.webhook.WebhookViews.WebhookView;
import dev.seatbooking.common.error.ApiExceptionHandler;
import dev.seatbooking.common.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP mapping of the webhooks API alone (none mode, private addresses refused), its SQL stubbed. */
@WebMvcTest(controllers = WebhookController.class, properties = BookingServiceApplication.CONFIG_NAME)
@AutoConfigureMockMvc(addFilters = false)
@Import({ApiExceptionHandler.class, WebhookControllerTest.PublicAddressesOnly.class})
class WebhookControllerTest {

    @TestConfiguration
    static class PublicAddressesOnly {
        @Bean
        WebhookProperties webhookProperties() {
            return new WebhookProperties(false);
        }
    }

    private static final UUID ID = UUID.fromString("4f6c1c52-0d3e-4b8f-9a53-2f0e8f0a1b7c");

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private WebhookSubscriptions subscriptions;

    @Test
    void aSubscriptionIs201WithItsSecretShownOnce() throws Exception {
        given(subscriptions.create(eq("https://8.8.8.8/hooks"), eq(List.of("booking.confirmed", "hold.expired")),
                anyString())).willAnswer(call -> new WebhookView(ID, call.getArgument(0), call.getArgument(1),
                        call.getArgument(2), Instant.parse("2026-12-07T10:00:00Z"), 0, null));

        mvc.perform(post("/api/webhooks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"url": "https://8.8.8.8/hooks", "events": ["booking.confirmed", "hold.expired", "booking.confirmed"]}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/webhooks/" + ID))
                .andExpect(jsonPath("$.success").value(true))
                .andExpect(jsonPath("$.webhook.id").value(ID.toString()))
                .andExpect(jsonPath("$.webhook.events.length()").value(2))
                .andExpect(jsonPath("$.webhook.secret").value(org.hamcrest.Matchers.startsWith("whsec_")));
    }

    @Test
    void aSubscriptionReadBackHasNoSecret() throws Exception {
        given(subscriptions.find(ID)).willReturn(Optional.of(new WebhookView(ID, "https://8.8.8.8/hooks",
                List.of("event.sold_out"), null, Instant.parse("2026-12-07T10:00:00Z"), 12,
                Instant.parse("2026-12-07T10:05:00Z"))));

        mvc.perform(get("/api/webhooks/" + ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.webhook.url").value("https://8.8.8.8/hooks"))
                .andExpect(jsonPath("$.webhook.secret").doesNotExist())
                .andExpect(jsonPath("$.webhook.consecutive_failures").value(12))
                .andExpect(jsonPath("$.webhook.paused_until").value("2026-12-07T10:05:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.5/hook", "http://[::1]/hook", "ftp://8.8.8.8/hook", "https://user:pw@8.8.8.8/hook"})
    void aUrlOutsideThePublicInternetOrHttpIs400NamingIt(String url) throws Exception {
        mvc.perform(post("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"" + url + "\", \"events\": [\"booking.confirmed\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"))
                .andExpect(jsonPath("$.errors[0].field").value("url"));
        verifyNoInteractions(subscriptions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"booking.teleported\"]", "[]", "[null]", "\"booking.confirmed\""})
    void eventTypesMustBeKnownAndSome(String events) throws Exception {
        mvc.perform(post("/api/webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"https://8.8.8.8/hooks\", \"events\": " + events + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
        verifyNoInteractions(subscriptions);
    }

    @Test
    void anUnknownSubscriptionIs404() throws Exception {
        given(subscriptions.find(any())).willReturn(Optional.empty());

        mvc.perform(get("/api/webhooks/" + ID)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WEBHOOK_NOT_FOUND"));
        mvc.perform(get("/api/webhooks/" + ID + "/deliveries")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WEBHOOK_NOT_FOUND"));
        mvc.perform(delete("/api/webhooks/" + ID)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WEBHOOK_NOT_FOUND"));
    }

    @Test
    void aDeletedSubscriptionIs200() throws Exception {
        given(subscriptions.delete(ID)).willReturn(true);

        mvc.perform(delete("/api/webhooks/" + ID)).andExpect(status().isOk())
                .andExpect(jsonPath("$.success").value(true));
        then(subscriptions).should().delete(ID);
    }

    @Test
    void anIdThatIsNoUuidIs400() throws Exception {
        mvc.perform(get("/api/webhooks/42")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_ERROR"));
    }
}
